from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AuditConfig(AppConfig):
    name = "gateway.audit"
    label = "audit"
    verbose_name = "Audit"

    def ready(self):
        from .database_roles import restrict_after_migrate

        post_migrate.connect(restrict_after_migrate, sender=self)
