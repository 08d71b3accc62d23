# expect: ConflictingTargetValues Violation <https://w3id.org/kgtool/id/fact/yufufa-2011-3/target-01>
# case: the same document states 20 and 30 for the same metric, deadline, jurisdiction and quantity kind
BASE <https://w3id.org/kgtool/id/>
PREFIX kg: <https://w3id.org/kgtool/id/>
PREFIX kgt: <https://w3id.org/kgtool/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
INSERT DATA {
  <fact/yufufa-2011-3/target-03> a kgt:Target ; kgt:statedIn <doc/yufufa-2011-3> ;
    kgt:quote "制定、修订国际标准、国家和行业标准、地方标准分别新增20项、800项、1000项。"@zh ;
    rdfs:label "国际标准30项"@zh , "30 international standards"@en ;
    kgt:metric <metric/standards-intl> ; kgt:value 30.0 ; kgt:comparator <cmp/exactly> ; kgt:unit <unit/item> ;
    kgt:quantityKind <qkind/increment> ; kgt:deadline "2015"^^xsd:gYear ; kgt:jurisdiction <jur/500000> .
}
