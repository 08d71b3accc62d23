# expect: IndustryPriority-industry Violation <https://w3id.org/kgtool/id/fact/yufufa-2011-3/industry-01>
# case: an industry priority naming no industry
BASE <https://w3id.org/kgtool/id/>
PREFIX kg: <https://w3id.org/kgtool/id/>
PREFIX kgt: <https://w3id.org/kgtool/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
INSERT DATA { <fact/yufufa-2011-3/industry-01> a kgt:IndustryPriority ; kgt:statedIn <doc/yufufa-2011-3> ;
    kgt:quote "抓好新一代信息产业和高端装备制造、新能源汽车、节能环保产业的标"@zh ;
    rdfs:label "战略新兴产业"@zh , "Strategic emerging industries"@en }
