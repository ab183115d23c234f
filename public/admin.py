from django.contrib import admin

from public.models import ContactMessage


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin[ContactMessage]):
    """Read-only: messages are handled on the coordinators' page, where every read is logged."""

    list_display = ("received_at", "organisation", "topic", "handled_at")
    list_filter = ("topic", "organisation")
    date_hierarchy = "received_at"
    fields = ("code", "organisation", "topic", "language", "received_at", "handled_at", "handled_by")
    readonly_fields = fields

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
