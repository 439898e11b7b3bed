from django.apps import AppConfig


class CommsConfig(AppConfig):
    name = "gateway.comms"
    label = "comms"
    verbose_name = "Communications"

    def ready(self):
        from gateway.patients.services.made_in_error import when_made_in_error

        from . import (
            handing_on,
            outbox,
            permissions,  # noqa: F401  (registers the rules permissions)
            queries,  # noqa: F401  (registers the messages in a linked record's history)
            services,
            tasks,
        )

        # A record made in error: nothing waiting for the person is sent, including anything
        # another app's handler queued (so this one runs last; docs/adr/0041).
        when_made_in_error(services.cancel_for_record_made_in_error, last=True)

        # The outbox starts sending through the task without importing it (see outbox.py).
        outbox.set_sender(tasks.schedule)
        # Letters a worker is named to hand over are handed on when they leave (ADR 0039).
        handing_on.register()
