# expect: Jurisdiction-label-zh Violation <https://w3id.org/kgtool/id/jur/500000>
# case: a jurisdiction without Chinese label
BASE <https://w3id.org/kgtool/id/>
PREFIX kg: <https://w3id.org/kgtool/id/>
PREFIX kgt: <https://w3id.org/kgtool/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { <jur/500000> rdfs:label ?l } WHERE { <jur/500000> rdfs:label ?l FILTER(langMatches(lang(?l), "zh")) }
