# expect: Jurisdiction-ref Violation <https://w3id.org/kgtool/id/fact/yufufa-2011-3/zone-01>
# case: kgt:jurisdiction points to an organisation
BASE <https://w3id.org/kgtool/id/>
PREFIX kg: <https://w3id.org/kgtool/id/>
PREFIX kgt: <https://w3id.org/kgtool/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { <fact/yufufa-2011-3/zone-01> kgt:jurisdiction ?j } INSERT { <fact/yufufa-2011-3/zone-01> kgt:jurisdiction <org/cq-gov> } WHERE { <fact/yufufa-2011-3/zone-01> kgt:jurisdiction ?j }
