"""Forms: modal screens that edit one record."""
