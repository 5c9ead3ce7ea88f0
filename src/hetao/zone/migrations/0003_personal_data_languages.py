from django.db import migrations, models


def _field(label: str, length: int, *, default: str | None = "") -> models.CharField:
    if default is None:
        return models.CharField(max_length=length, verbose_name=label)
    return models.CharField(default=default, max_length=length, verbose_name=label)


class Migration(migrations.Migration):
    dependencies = [("zone", "0002_zone_river")]

    operations = [
        migrations.RenameField("personaldatapurpose", "legal_basis_pipl", "legal_basis_pipl_en"),
        migrations.RenameField("personaldatapurpose", "legal_basis_pdpo", "legal_basis_pdpo_en"),
        migrations.RenameField("personaldatapurpose", "retention", "retention_en"),
        migrations.AlterField(
            "personaldatapurpose", "legal_basis_pipl_en", _field("legal basis under PIPL (English)", 300, default=None)
        ),
        migrations.AlterField(
            "personaldatapurpose", "legal_basis_pdpo_en", _field("legal basis under PDPO (English)", 300, default=None)
        ),
        migrations.AlterField("personaldatapurpose", "retention_en", _field("retention (English)", 200, default=None)),
        migrations.AddField(
            "personaldatapurpose",
            "legal_basis_pipl_hans",
            _field("legal basis under PIPL (Simplified Chinese)", 300),
            preserve_default=False,
        ),
        migrations.AddField(
            "personaldatapurpose",
            "legal_basis_pipl_hant",
            _field("legal basis under PIPL (Traditional Chinese)", 300),
            preserve_default=False,
        ),
        migrations.AddField(
            "personaldatapurpose",
            "legal_basis_pdpo_hans",
            _field("legal basis under PDPO (Simplified Chinese)", 300),
            preserve_default=False,
        ),
        migrations.AddField(
            "personaldatapurpose",
            "legal_basis_pdpo_hant",
            _field("legal basis under PDPO (Traditional Chinese)", 300),
            preserve_default=False,
        ),
        migrations.AddField(
            "personaldatapurpose",
            "retention_hans",
            _field("retention (Simplified Chinese)", 200),
            preserve_default=False,
        ),
        migrations.AddField(
            "personaldatapurpose",
            "retention_hant",
            _field("retention (Traditional Chinese)", 200),
            preserve_default=False,
        ),
    ]
