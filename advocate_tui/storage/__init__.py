"""Storage: the data model, migrations, encryption, backups, audit and settings files."""
