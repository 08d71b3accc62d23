# expect: FundingMeasure-activity Violation <https://w3id.org/kgtool/id/fact/yufufa-2011-3/funding-01>
# case: no funded activity
BASE <https://w3id.org/kgtool/id/>
PREFIX kg: <https://w3id.org/kgtool/id/>
PREFIX kgt: <https://w3id.org/kgtool/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE WHERE { <fact/yufufa-2011-3/funding-01> kgt:activity ?a }
