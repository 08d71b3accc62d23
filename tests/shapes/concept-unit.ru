# expect: Concept-unit Violation <https://w3id.org/kgtool/id/unit/items>
# case: a unit IRI that names nothing
BASE <https://w3id.org/kgtool/id/>
PREFIX kgt: <https://w3id.org/kgtool/ontology#>
DELETE { <fact/yufufa-2011-3/target-01> kgt:unit <unit/item> } INSERT { <fact/yufufa-2011-3/target-01> kgt:unit <unit/items> } WHERE { <fact/yufufa-2011-3/target-01> kgt:unit <unit/item> }
