// The YASGUI editor (bundled @zazuko/yasgui) on this workspace's read-only endpoint.
// Nothing is remembered between visits and no other endpoint can be chosen.
(function () {
  "use strict";
  var el = document.getElementById("yasgui");
  if (!el || typeof Yasgui === "undefined") { return; }
  var endpoint = new URL(el.getAttribute("data-endpoint"), location.href).href;
  var yasgui = new Yasgui(el, {
    requestConfig: {endpoint: endpoint, method: "POST"},
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: {getData: function () { return [{endpoint: endpoint}]; }},
    persistenceId: null,
    populateFromUrl: false,
    autofocus: true
  });
  var query = el.getAttribute("data-query");
  if (query) { yasgui.getTab().setQuery(query); }
  window.kgtoolYasgui = yasgui;
})();
