// closest(): the did-you-mean of every diagnostic. It must pick what it always picked, and stay cheap on hostile
// input (a name of megabytes, many long candidates): the distance is cut off once it cannot win.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "compiler/diagnostics.hpp"

namespace {

using schedc::closest;

TEST(Closest, PicksTheNearestCandidateIgnoringCase) {
  const std::vector<std::string> names{"customer_features", "customer_churn", "sales_forecast"};
  EXPECT_EQ(closest("customer_feature", names), "customer_features");
  EXPECT_EQ(closest("CUSTOMER_CHURM", names), "customer_churn");
  EXPECT_EQ(closest("notebok", {"notebook", "owner", "cluster"}), "notebook");
}

TEST(Closest, NothingWhenNoCandidateIsClose) {
  EXPECT_EQ(closest("zzzzzz", {"notebook", "owner", "cluster"}), "");
  EXPECT_EQ(closest("x", {"", "abc"}), "");
}

TEST(Closest, TiesGoToTheSmallerCandidate) {
  // "cat" is one edit from "bat" and from "cap": the smaller wins, whatever the order given.
  EXPECT_EQ(closest("cat", {"cap", "bat"}), "bat");
  EXPECT_EQ(closest("cat", {"bat", "cap"}), "bat");
}

TEST(Closest, ADistanceAtTheLimitIsStillFound) {
  // A 9-letter word accepts distance 3 (9 / 3): three substitutions at the end are still a suggestion, four not.
  EXPECT_EQ(closest("abcdefxyz", {"abcdefghi"}), "abcdefghi");
  EXPECT_EQ(closest("abcdewxyz", {"abcdefghi"}), "");
}

TEST(Closest, HostileLengthsGetNoSuggestionAndStayCheap) {
  const std::string huge(4 << 20, 'a');  // 4 MiB
  std::vector<std::string> candidates(2000, std::string(100, 'a'));
  candidates.push_back(huge);
  EXPECT_EQ(closest(huge, candidates), "");  // too long to suggest for
  // A short word against 2,000 long candidates: each is cut off by its length alone.
  EXPECT_EQ(closest("abc", candidates), "");
  // 2,000 candidates of the word's length and other letters: each distance stops once a row passes the limit.
  const std::vector<std::string> other(2000, std::string(124, 'z'));
  EXPECT_EQ(closest(std::string(124, 'b'), other), "");
  // The same with a close one among them: it is found.
  auto with_close = other;
  with_close.push_back("zzzz" + std::string(120, 'b'));
  EXPECT_EQ(closest(std::string(124, 'b'), with_close), with_close.back());
}

}  // namespace
