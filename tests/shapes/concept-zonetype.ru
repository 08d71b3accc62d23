# expect: Concept-zoneType Violation <https://w3id.org/kgtool/id/zonetype/agri-demo>
# case: a zone type that names nothing
BASE <https://w3id.org/kgtool/id/>
PREFIX kgt: <https://w3id.org/kgtool/ontology#>
DELETE { <fact/yufufa-2011-3/zone-01> kgt:zoneType <zonetype/agri-demo-zone> } INSERT { <fact/yufufa-2011-3/zone-01> kgt:zoneType <zonetype/agri-demo> } WHERE { <fact/yufufa-2011-3/zone-01> kgt:zoneType <zonetype/agri-demo-zone> }
