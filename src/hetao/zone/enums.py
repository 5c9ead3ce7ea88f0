from django.db import models
from django.utils.translation import gettext_lazy as _


class Jurisdiction(models.TextChoices):
    """Jurisdictions a park can sit in. The codes are ISO 3166-1 alpha-2 (HK and MO have their own)."""

    MAINLAND = "CN", _("Mainland China")
    HONG_KONG = "HK", _("Hong Kong")
    MACAO = "MO", _("Macao")


class Currency(models.TextChoices):
    CNY = "CNY", _("Renminbi (CNY)")
    HKD = "HKD", _("Hong Kong dollar (HKD)")
    MOP = "MOP", _("Macao pataca (MOP)")
    USD = "USD", _("US dollar (USD)")
    EUR = "EUR", _("Euro (EUR)")


class OrganisationKind(models.TextChoices):
    UNIVERSITY = "university", _("University")
    RESEARCH_INSTITUTE = "research_institute", _("Research institute")
    LABORATORY = "laboratory", _("Laboratory")
    ENTERPRISE = "enterprise", _("Enterprise")
    INVESTOR = "investor", _("Investor")
    TESTING_PROVIDER = "testing_provider", _("Testing service provider")
    GOVERNMENT_AGENCY = "government_agency", _("Government agency")
    CUSTOMS = "customs", _("Customs")


class OrganisationIdentifierKind(models.TextChoices):
    USCC = "cn_uscc", _("Unified Social Credit Code")
    HK_BR = "hk_br", _("Hong Kong Business Registration number")
    HK_CR = "hk_cr", _("Hong Kong Company Registry number")


class IdentityDocumentKind(models.TextChoices):
    CN_RIC = "cn_ric", _("Mainland resident identity card")
    HKID = "hkid", _("Hong Kong identity card")
    HK_MTP = "hk_mtp", _("Mainland Travel Permit for Hong Kong and Macao Residents")
    CN_EEP = "cn_eep", _("Exit-Entry Permit for Travelling to and from Hong Kong and Macao")
    PASSPORT = "passport", _("Passport")


class Romanisation(models.TextChoices):
    PINYIN = "pinyin", _("Hanyu Pinyin")
    HK_GOVERNMENT = "hk_gov", _("Hong Kong government Cantonese romanisation")
    MACAO_GOVERNMENT = "mo_gov", _("Macao government romanisation")
    JYUTPING = "jyutping", _("Jyutping")
    OTHER = "other", _("Other or not Chinese")
