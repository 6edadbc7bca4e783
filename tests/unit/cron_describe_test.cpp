// A cron expression in words (compiler/schedule/cron/describe.hpp), as the language server's hover shows it.
#include <gtest/gtest.h>

#include "compiler/schedule/cron/cron.hpp"
#include "compiler/schedule/cron/describe.hpp"

namespace schedc::schedule::cron {
namespace {

std::string words(const char* text) {
  auto parsed = parse(text);
  EXPECT_TRUE(parsed.expr) << text;
  return parsed.expr ? describe(*parsed.expr) : "";
}

TEST(CronDescribe, SaysWhenInWords) {
  EXPECT_EQ(words("30 2 * * MON-FRI"), "at 02:30, on Monday to Friday");
  EXPECT_EQ(words("0 */6 * * *"), "at 00:00, 06:00, 12:00 and 18:00, every day");
  EXPECT_EQ(words("*/15 * * * *"), "every hour at minutes 0, 15, 30 and 45, every day");
  EXPECT_EQ(words("* * * * *"), "every minute, every day");
  EXPECT_EQ(words("0 0 1,15 * *"), "at 00:00, on days 1 and 15 of the month");
  EXPECT_EQ(words("0 0 L * *"), "at 00:00, on the last day of the month");
  EXPECT_EQ(words("0 9 * 1,7 MON#1"), "at 09:00, on the first Monday of the month, in January and July");
  EXPECT_EQ(words("0 6 * * SAT,SUN"), "at 06:00, on Sunday and Saturday");
  EXPECT_EQ(words("5 * * 3-5 *"), "every hour at minute 5, every day, in March to May");
}

TEST(CronDescribe, NamesTheDayRule) {
  // Both day fields restricted and neither starting with `*`: Vixie cron runs on either.
  EXPECT_EQ(words("0 0 1 * MON"), "at 00:00, on day 1 of the month or on Monday (cron runs on either)");
  // One starts with `*`: both must hold (a fifth Sunday).
  EXPECT_EQ(words("0 0 29-31 * */7"),
            "at 00:00, on days 29 to 31 of the month when it is also Sunday (a field starting with `*` makes cron require "
            "both)");
}

}  // namespace
}  // namespace schedc::schedule::cron
