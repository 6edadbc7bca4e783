#pragma once
// A cron expression in words, for a reader (the language server's hover): "at 02:30, Monday to Friday".
#include <string>

#include "compiler/schedule/cron/cron.hpp"

namespace schedc::schedule::cron {

std::string describe(const CronExpr& expr);

}  // namespace schedc::schedule::cron
