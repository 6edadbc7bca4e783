// The proof of a lowering. See proof.hpp.
#include "compiler/schedule/proof/proof.hpp"

#include <algorithm>
#include <variant>

#include "compiler/schedule/adf/sim.hpp"
#include "compiler/schedule/tz/timezone.hpp"

namespace schedc::schedule::proof {
namespace {

using namespace std::chrono_literals;

// The union of several recurrences' fires, ascending, each instant once.
class UnionCursor {
 public:
  explicit UnionCursor(std::vector<schedule::adf::RecurrenceCursor> cursors) : cursors_(std::move(cursors)) {
    for (auto& c : cursors_) heads_.push_back(c.next());
  }
  std::optional<Fire> next() {
    std::optional<Fire> best;
    for (const auto& h : heads_)
      if (h && (!best || h->instant < best->instant)) best = h;
    if (!best) return std::nullopt;
    for (std::size_t i = 0; i < cursors_.size(); ++i)
      if (heads_[i] && heads_[i]->instant == best->instant) heads_[i] = cursors_[i].next();
    return best;
  }

 private:
  std::vector<schedule::adf::RecurrenceCursor> cursors_;
  std::vector<std::optional<Fire>> heads_;
};

bool is_dense(const schedule::cron::CronExpr& expr) { return expr.hours.count() * expr.minutes.count() > 48; }

template <typename Cursor>
std::optional<Instant> first_at_or_after(Cursor cursor) {
  if (auto f = cursor.next()) return f->instant;
  return std::nullopt;
}

// Runs the comparison of the source with a target whose cursor `make_target(after, until)` builds; the source is
// cut to (source_after, source_until].
template <typename MakeTarget>
ProofResult compare(const schedule::cron::CronExpr& expr, const schedule::tz::Zone& zone, const Horizon& horizon,
                    Instant source_after, Instant source_until, MakeTarget make_target) {
  ProofResult result;
  result.horizon = horizon;
  const auto transitions = schedule::transitions(zone, horizon.from, horizon.to);
  const std::vector<schedule::Span> spans = is_dense(expr)
                                                ? schedule::critical_spans(zone, horizon.from, horizon.to)
                                                : std::vector<schedule::Span>{{horizon.from, horizon.to}};
  const auto source_cursor = [&](Instant after, Instant until) {
    return schedule::FireCursor(expr, zone, std::max(after, source_after), std::min(until, source_until));
  };
  std::vector<schedule::FireDifference> inside;
  for (const auto& span : spans) {
    auto source = source_cursor(span.from, span.to);
    auto target = make_target(span.from, span.to);
    const auto part = schedule::compare_cursors(source, target, transitions, 10000);
    if (!part.outside_transitions.empty()) {
      const auto& d = part.outside_transitions.front();
      Counterexample c{d.instant, d.in_reference, std::nullopt, std::nullopt};
      c.source_next = first_at_or_after(source_cursor(d.instant - 1s, horizon.to));
      c.target_next = first_at_or_after(make_target(d.instant - 1s, horizon.to));
      result.counterexample = c;
      return result;
    }
    inside.insert(inside.end(), part.inside_transitions.begin(), part.inside_transitions.end());
  }
  for (const auto& t : transitions) {
    const bool differs = std::any_of(inside.begin(), inside.end(), [&](const schedule::FireDifference& d) {
      return t.window_contains(d.instant);
    });
    if (!differs) continue;
    const Instant after = t.at - t.shift() - 1s;
    const Instant until = t.at + t.shift();
    auto source = source_cursor(after, until);
    auto target = make_target(after, until);
    result.transitions.push_back({t, schedule::drain(source), schedule::drain(target)});
  }
  return result;
}

}  // namespace

Horizon proof_horizon(const std::optional<schedule::adf::LocalDateTime>& from, const schedule::tz::Zone& zone) {
  const int release = schedule::tz::tzdata_release_year();
  // Local midnight of 1 January of the release year in the zone (where ADF triggers without `from` start, too).
  Instant start = schedule::adf::to_instant(schedule::adf::LocalDateTime{release, 1, 1, 0, 0, 0}, zone);
  if (from) start = std::max(start, schedule::adf::to_instant(*from, zone));
  const int start_year = static_cast<int>(date::year_month_day{date::floor<date::days>(start)}.year());
  const Instant rules_settled = date::sys_days{date::year{schedule::tz::last_irregular_year(zone.name(), start_year) + 1} / 1 / 1};
  // Two years, and on to the first 29 February.
  const date::year_month_day first{date::floor<date::days>(start)};
  int leap = static_cast<int>(first.year());
  while (!schedule::cron::is_leap_year(leap) || date::sys_days{date::year{leap} / 2 / 29} < date::floor<date::days>(start)) ++leap;
  const Instant after_leap_day = date::sys_days{date::year{leap} / 3 / 2};
  return Horizon{start - 1s, std::max({start + date::days{731}, after_leap_day, rules_settled})};
}

ProofResult prove_adf(const schedule::cron::CronExpr& expr, const schedule::tz::Zone& zone,
                      const std::vector<schedule::adf::Recurrence>& recurrences, const Horizon& horizon,
                      const std::optional<schedule::adf::LocalDateTime>& from, const std::optional<schedule::adf::LocalDateTime>& until) {
  for (const auto& r : recurrences) {
    if (auto problem = schedule::adf::validate(r)) {
      ProofResult result;
      result.horizon = horizon;
      result.error = problem->message;
      return result;
    }
  }
  // The source from its `from`; without one, from the horizon's start, or the triggers' start time when that is
  // later (ADF does not fire before its startTime; a tz database older than the lowering's default start).
  Instant source_after = from ? schedule::adf::to_instant(*from, zone) - 1s : horizon.from;
  if (!from && !recurrences.empty()) {
    Instant earliest = Instant::max();
    for (const auto& r : recurrences) earliest = std::min(earliest, schedule::adf::to_instant(r.start_time, zone));
    source_after = std::max(source_after, earliest - 1s);
  }
  const Instant source_until = until ? schedule::adf::to_instant(*until, zone) : horizon.to;
  return compare(expr, zone, horizon, source_after, source_until, [&](Instant after, Instant to) {
    std::vector<schedule::adf::RecurrenceCursor> cursors;
    for (const auto& r : recurrences)
      cursors.push_back(std::get<schedule::adf::RecurrenceCursor>(schedule::adf::RecurrenceCursor::create(r, zone, after, to)));
    return UnionCursor(std::move(cursors));
  });
}

ProofResult prove_quartz(const schedule::cron::CronExpr& expr, const schedule::tz::Zone& zone, const schedule::quartz::QuartzExpr& q,
                         const Horizon& horizon) {
  return compare(expr, zone, horizon, horizon.from, horizon.to,
                 [&](Instant after, Instant to) { return schedule::quartz::QuartzCursor(q, zone, after, to); });
}

std::vector<Fire> dst_hazards(const schedule::cron::CronExpr& expr, const schedule::tz::Zone& zone, const Horizon& horizon) {
  std::vector<Fire> out;
  if (schedule::is_wildcard_job(expr)) return out;
  for (const auto& t : schedule::transitions(zone, horizon.from, horizon.to)) {
    schedule::FireCursor cursor(expr, zone, t.at - t.shift() - 1s, t.at + t.shift());
    while (auto f = cursor.next())
      if (f->kind == schedule::FireKind::AfterGap || f->kind == schedule::FireKind::OverlapFirst) out.push_back(*f);
  }
  return out;
}

std::optional<OffsetDifference> first_offset_difference(const schedule::tz::Zone& zone, const schedule::tz::Zone& other,
                                                        const Horizon& horizon) {
  std::vector<Instant> points{horizon.from + 1s};
  for (const auto& t : schedule::transitions(zone, horizon.from, horizon.to)) points.push_back(t.at);
  for (const auto& t : schedule::transitions(other, horizon.from, horizon.to)) points.push_back(t.at);
  std::sort(points.begin(), points.end());
  for (Instant at : points) {
    const auto a = zone.get_info(at).offset;
    const auto b = other.get_info(at).offset;
    if (a != b) return OffsetDifference{at, a, b};
  }
  return std::nullopt;
}

}  // namespace schedc::schedule::proof
