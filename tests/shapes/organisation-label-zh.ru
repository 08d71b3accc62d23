# expect: Organisation-label-zh Violation <https://w3id.org/kgtool/id/org/cq-qts>
# case: an organisation without Chinese label (its Chinese skos:altLabel does not count)
BASE <https://w3id.org/kgtool/id/>
PREFIX kg: <https://w3id.org/kgtool/id/>
PREFIX kgt: <https://w3id.org/kgtool/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { <org/cq-qts> rdfs:label ?l } WHERE { <org/cq-qts> rdfs:label ?l FILTER(langMatches(lang(?l), "zh")) }
