# expect: Measure-plannedDocument Violation <https://w3id.org/kgtool/id/fact/yufufa-2011-3/measure-01>
# case: a planned document that is an organisation, not a kgt:PolicyDocument
BASE <https://w3id.org/kgtool/id/>
PREFIX kg: <https://w3id.org/kgtool/id/>
PREFIX kgt: <https://w3id.org/kgtool/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
INSERT DATA { <fact/yufufa-2011-3/measure-01> a kgt:Measure ; kgt:statedIn <doc/yufufa-2011-3> ;
    kgt:quote "制定出台《重庆市标准化管理条例》和《重庆市标准化监督管理办法》，加大标准在全社会推广和实施工作力度。"@zh ;
    rdfs:label "制定标准化管理条例"@zh , "Enact standardization regulations"@en ;
    kgt:plannedDocument <org/cq-qts> }
