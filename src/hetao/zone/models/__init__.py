from hetao.zone.models.organisations import Organisation, OrganisationIdentifier
from hetao.zone.models.parks import Park, Zone
from hetao.zone.models.people import Affiliation, IdentityDocument, Person, PersonalDataPurpose

__all__ = [
    "Affiliation",
    "IdentityDocument",
    "Organisation",
    "OrganisationIdentifier",
    "Park",
    "Person",
    "PersonalDataPurpose",
    "Zone",
]
