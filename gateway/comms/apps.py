from django.apps import AppConfig


class CommsConfig(AppConfig):
    name = "gateway.comms"
    label = "comms"
    verbose_name = "Communications"

    def ready(self):
        from . import (
            outbox,
            permissions,  # noqa: F401  (registers the rules permissions)
            tasks,
        )

        # The outbox starts sending through the task without importing it (see outbox.py).
        outbox.set_sender(tasks.schedule)
