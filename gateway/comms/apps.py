from django.apps import AppConfig


class CommsConfig(AppConfig):
    name = "gateway.comms"
    label = "comms"
    verbose_name = "Communications"

    def ready(self):
        from . import (
            handing_on,
            outbox,
            permissions,  # noqa: F401  (registers the rules permissions)
            tasks,
        )

        # The outbox starts sending through the task without importing it (see outbox.py).
        outbox.set_sender(tasks.schedule)
        # Letters a worker is named to hand over are handed on when they leave (ADR 0039).
        handing_on.register()
