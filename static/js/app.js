/*
 * Brobygger behaviour. The Content-Security-Policy allows no inline script and no inline event
 * handlers, so every page behaviour lives here and is switched on by markup:
 *
 *   data-confirm="Question?"   on a <form>, a submit button or a link: ask before going on
 *   data-autosubmit            on a <select> or input inside a form: submit the form on change
 *                              (only for filters; keep a visible submit button as well)
 *   data-print                 on a button: open the print dialog
 *   <canvas data-chart="ID">   draw a Chart.js chart whose config ({type, data, options}) is in
 *                              {{ config|json_script:"ID" }}; the page must load
 *                              vendor/chart.js/chart.umd.min.js in {% block extra_scripts %}
 *                              (with defer), and should show the same numbers in a table too.
 *
 * DKFDS components are started once for the page, and again for content htmx swaps in.
 * htmx requests carry the CSRF token from <meta name="csrf-token">.
 */
(function () {
  "use strict";

  var DKFDS = window.DKFDS;

  function all(scope, selector) {
    var found = Array.prototype.slice.call(scope.querySelectorAll(selector));
    if (scope.matches && scope.matches(selector)) {
      found.unshift(scope);
    }
    return found;
  }

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  /* ---------- DKFDS components in swapped-in content ---------- */

  // DKFDS.init() also sets up the header navigation, which must happen only once per page, so
  // content that htmx swaps in gets the component set-up without it.
  function initComponents(scope) {
    if (!DKFDS) {
      return;
    }
    all(scope, ".accordion, .accordion-bordered:not(.accordion)").forEach(function (el) {
      new DKFDS.Accordion(el).init();
    });
    all(scope, ".alert.has-close").forEach(function (el) {
      new DKFDS.Alert(el).init();
    });
    all(scope, ".js-dropdown").forEach(function (el) {
      new DKFDS.Dropdown(el).init();
    });
    all(scope, ".js-checkbox-toggle-content").forEach(function (el) {
      new DKFDS.CheckboxToggleContent(el).init();
    });
    all(scope, ".js-radio-toggle-group").forEach(function (el) {
      new DKFDS.RadioToggleGroup(el).init();
    });
    all(
      scope,
      "table.table--responsive-headers, table.table-sm-responsive-headers, table.table-md-responsive-headers, table.table-lg-responsive-headers"
    ).forEach(function (el) {
      new DKFDS.ResponsiveTable(el);
    });
    all(scope, "div.tab-container").forEach(function (el) {
      new DKFDS.Tabs(el).init();
    });
    all(scope, ".tooltip-wrapper").forEach(function (el) {
      new DKFDS.Tooltip(el).init();
    });
    all(scope, ".fds-modal").forEach(function (el) {
      new DKFDS.Modal(el).init();
    });
    var summary = all(scope, '[data-module="error-summary"]')[0];
    if (summary) {
      new DKFDS.ErrorSummary(summary).init();
    }
  }

  /* ---------- Charts ---------- */

  var PALETTE = ["#004993", "#008139", "#b35900", "#6f2c91", "#0d7c8c", "#a3195b", "#454545"];

  function initCharts(scope) {
    if (!window.Chart) {
      return;
    }
    window.Chart.defaults.font.family = '"IBM Plex Sans", system-ui, sans-serif';
    window.Chart.defaults.font.size = 14;
    window.Chart.defaults.color = "#1a1a1a";
    window.Chart.defaults.maintainAspectRatio = false;
    // Numbers on axes and in tooltips in the page's language (Danish: 1.234,5).
    window.Chart.defaults.locale = document.documentElement.lang || "da";
    all(scope, "canvas[data-chart]").forEach(function (canvas) {
      if (canvas.dataset.chartReady) {
        return;
      }
      var source = document.getElementById(canvas.dataset.chart);
      if (!source) {
        return;
      }
      var config = JSON.parse(source.textContent);
      (config.data && config.data.datasets ? config.data.datasets : []).forEach(function (dataset, i) {
        var colour = PALETTE[i % PALETTE.length];
        if (!dataset.backgroundColor) {
          dataset.backgroundColor = colour;
        }
        if (!dataset.borderColor) {
          dataset.borderColor = colour;
        }
      });
      new window.Chart(canvas, config);
      canvas.dataset.chartReady = "true";
    });
  }

  /* ---------- Confirm, auto-submit, print ---------- */

  // Capture phase, so a declined confirmation also stops htmx from sending the form.
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      var submitter = event.submitter;
      var question = (submitter && submitter.dataset.confirm) || form.dataset.confirm;
      if (question && !window.confirm(question)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    true
  );

  document.addEventListener(
    "click",
    function (event) {
      var link = event.target.closest ? event.target.closest("a[data-confirm]") : null;
      if (link && !window.confirm(link.dataset.confirm)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
      var printer = event.target.closest ? event.target.closest("[data-print]") : null;
      if (printer) {
        event.preventDefault();
        window.print();
      }
    },
    true
  );

  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.hasAttribute && field.hasAttribute("data-autosubmit") && field.form) {
      field.form.requestSubmit();
    }
  });

  /* ---------- htmx ---------- */

  function showRequestError() {
    var main = document.getElementById("main-content");
    var text = document.body.dataset.requestError;
    if (!main || !text || document.getElementById("request-error")) {
      return;
    }
    var alert = document.createElement("div");
    alert.id = "request-error";
    alert.className = "alert alert-error mb-5";
    alert.setAttribute("role", "alert");
    var body = document.createElement("div");
    body.className = "alert-body";
    var paragraph = document.createElement("p");
    paragraph.className = "alert-text";
    paragraph.textContent = text;
    body.appendChild(paragraph);
    alert.appendChild(body);
    main.insertBefore(alert, main.firstChild);
  }

  if (window.htmx) {
    // Swap 422 responses too: a form that fails validation answers 422 with the form and its
    // error summary.
    window.htmx.config.responseHandling = [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "422", swap: true },
      { code: "[45]..", swap: false, error: true },
      { code: "...", swap: false },
    ];
    document.addEventListener("htmx:configRequest", function (event) {
      var token = csrfToken();
      if (token) {
        event.detail.headers["X-CSRFToken"] = token;
      }
    });
    document.addEventListener("htmx:load", function (event) {
      var element = event.detail.elt;
      if (element && element !== document.body) {
        initComponents(element);
        initCharts(element);
      }
    });
    document.addEventListener("htmx:responseError", showRequestError);
    document.addEventListener("htmx:sendError", showRequestError);
  }

  /* ---------- Page start ---------- */

  document.addEventListener("DOMContentLoaded", function () {
    if (DKFDS) {
      DKFDS.init();
    }
    initCharts(document);
  });
})();
