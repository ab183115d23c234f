/*
 * The costs app's charts: <canvas data-cost-chart="ID"> draws the Chart.js config in
 * {{ config|json_script:"ID" }} with kroner written the page's way (Danish: kr. 1.234.567) on the
 * axis and in the tooltips. A separate file because the Content-Security-Policy forbids inline script
 * and a JSON config cannot carry the formatting functions.
 */
(function () {
  "use strict";

  var PALETTE = ["#004993", "#b35900", "#008139", "#6f2c91", "#0d7c8c", "#a3195b", "#454545"];

  function formatter() {
    var language = document.documentElement.lang || "da";
    var number = new Intl.NumberFormat(language === "da" ? "da-DK" : language, { maximumFractionDigits: 0 });
    return function (value) {
      return language === "da" ? "kr. " + number.format(value) : number.format(value) + " kr.";
    };
  }

  function draw(canvas) {
    if (!window.Chart || canvas.dataset.chartReady) {
      return;
    }
    var source = document.getElementById(canvas.dataset.costChart);
    if (!source) {
      return;
    }
    var config = JSON.parse(source.textContent);
    var kroner = formatter();
    config.data.datasets.forEach(function (dataset, index) {
      var colour = PALETTE[index % PALETTE.length];
      dataset.borderColor = dataset.borderColor || colour;
      dataset.backgroundColor = dataset.backgroundColor || colour;
    });
    config.options = config.options || {};
    config.options.maintainAspectRatio = false;
    config.options.animation = false;
    config.options.scales = config.options.scales || {};
    config.options.scales.y = config.options.scales.y || {};
    config.options.scales.y.ticks = { callback: kroner };
    config.options.plugins = config.options.plugins || {};
    config.options.plugins.tooltip = {
      callbacks: {
        label: function (context) {
          return context.dataset.label + ": " + kroner(context.parsed.y);
        },
      },
    };
    window.Chart.defaults.font.family = '"IBM Plex Sans", system-ui, sans-serif';
    window.Chart.defaults.color = "#1a1a1a";
    new window.Chart(canvas, config);
    canvas.dataset.chartReady = "true";
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("canvas[data-cost-chart]"), draw);
  });
})();
