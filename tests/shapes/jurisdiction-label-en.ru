# expect: Jurisdiction-label-en Violation <https://w3id.org/kgtool/id/jur/100000>
# case: a jurisdiction without English label
BASE <https://w3id.org/kgtool/id/>
PREFIX kg: <https://w3id.org/kgtool/id/>
PREFIX kgt: <https://w3id.org/kgtool/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { <jur/100000> rdfs:label ?l } WHERE { <jur/100000> rdfs:label ?l FILTER(langMatches(lang(?l), "en")) }
