# expect: StandardizationBodyMeasure-action Violation <https://w3id.org/kgtool/id/fact/yufufa-2011-3/stdbody-01>
# case: an action outside host/establish/join/chair/secretariat
BASE <https://w3id.org/kgtool/id/>
PREFIX kg: <https://w3id.org/kgtool/id/>
PREFIX kgt: <https://w3id.org/kgtool/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
INSERT DATA { <fact/yufufa-2011-3/stdbody-01> a kgt:StandardizationBodyMeasure ; kgt:statedIn <doc/yufufa-2011-3> ;
    kgt:quote "新增全国专业标准化技术委员会（TC）、分技术委员会（SC）、工作组（WG）10个，企业参与国际标准化活动取得实质性突破。"@zh ;
    rdfs:label "新增TC/SC/WG"@zh , "New TC/SC/WG"@en ; kgt:bodyType <bodytype/tc> ; kgt:action "create" }
