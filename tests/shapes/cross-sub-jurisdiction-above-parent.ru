# expect: SubJurisdictionTargetAboveParent Warning <https://w3id.org/kgtool/id/fact/yufufa-2011-3/target-01>
# case: a national target (another document) of 10 international standards by 2015, below Chongqing's 20
BASE <https://w3id.org/kgtool/id/>
PREFIX kg: <https://w3id.org/kgtool/id/>
PREFIX kgt: <https://w3id.org/kgtool/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
INSERT DATA {
  <doc/national-plan> a kgt:PolicyDocument ; dct:title "全国标准化规划（测试）"@zh .
  <fact/national-plan/target-01> a kgt:Target ; kgt:statedIn <doc/national-plan> ;
    kgt:quote "测试引文"@zh ; rdfs:label "国际标准10项"@zh , "10 international standards"@en ;
    kgt:metric <metric/standards-intl> ; kgt:value 10.0 ; kgt:comparator <cmp/exactly> ; kgt:unit <unit/item> ;
    kgt:quantityKind <qkind/increment> ; kgt:deadline "2015"^^xsd:gYear ; kgt:jurisdiction <jur/100000> .
}
