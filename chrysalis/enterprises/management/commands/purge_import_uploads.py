"""Delete uploaded import files of batches never committed after the retention period."""

from django.core.management.base import BaseCommand

from chrysalis.enterprises.services.imports import purge_stale_uploads


class Command(BaseCommand):
    help = "Delete stored import files of batches not committed for ENTERPRISE_IMPORT_UPLOAD_RETENTION_DAYS."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="retention in days (default: setting, 7)")

    def handle(self, *args, days=None, **options):
        removed = purge_stale_uploads(days=days)
        self.stdout.write(f"{removed} file(s) removed")
