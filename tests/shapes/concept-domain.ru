# expect: Concept-domain Violation <https://w3id.org/kgtool/id/domain/agri>
# case: a domain that names nothing
BASE <https://w3id.org/kgtool/id/>
PREFIX kgt: <https://w3id.org/kgtool/ontology#>
INSERT DATA { <fact/yufufa-2011-3/zone-01> kgt:domain <domain/agri> }
