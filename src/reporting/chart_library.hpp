// The web app's chart library (chart.js, UMD build), embedded at build time
// from web/node_modules so the HTML report draws its charts with the same
// library as the web app and still loads nothing from elsewhere.
#pragma once

#include <string_view>

namespace docket::reporting {

/// The chart.js UMD script, or empty when web/node_modules was absent at build time (no charts then).
std::string_view ChartLibraryScript();

}  // namespace docket::reporting
