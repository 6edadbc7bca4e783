// Schedule analyses: proof of the lowerings and DST warnings. See schedules.hpp.
#include "compiler/analysis/schedules.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <memory>
#include <tuple>

#include "compiler/analysis/memo.hpp"
#include "compiler/parallel.hpp"
#include "compiler/schedule/fire.hpp"
#include "compiler/schedule/proof/proof.hpp"
#include "compiler/schedule/quartz/quartz.hpp"
#include "compiler/schedule/tz/timezone.hpp"

namespace schedc::analysis {
namespace {

using namespace std::chrono_literals;
using schedule::Fire;
using schedule::Instant;
using schedule::Transition;

std::string ymd(date::local_seconds t) { return date::format("%F", date::floor<date::days>(t)); }
std::string hm(date::local_seconds t) { return date::format("%R", t); }
std::string offset_text(std::chrono::seconds offset) {
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(offset).count();
  const auto a = minutes < 0 ? -minutes : minutes;
  return fmt::format("UTC{}{:02}:{:02}", minutes < 0 ? '-' : '+', a / 60, a % 60);
}
date::local_seconds local_of(Instant at, const schedule::tz::Zone& zone) { return zone.to_local(at); }

// "03:00 (01:00Z)"
std::string fire_text(const Fire& f, const schedule::tz::Zone& zone) {
  return fmt::format("{} ({}Z)", hm(local_of(f.instant, zone)), date::format("%R", f.instant));
}
std::string fires_text(const std::vector<Fire>& fires, const schedule::tz::Zone& zone) {
  if (fires.empty()) return "does not run";
  std::string out = "runs at ";
  for (std::size_t i = 0; i < fires.size(); ++i) {
    if (i) out += i + 1 == fires.size() ? " and " : ", ";
    out += fire_text(fires[i], zone);
  }
  return out;
}

// "clocks go forward from 02:00 to 03:00" / "clocks go back from 03:00 to 02:00"
std::string clocks_text(const Transition& t) {
  return t.is_gap() ? fmt::format("clocks go forward from {} to {}", hm(t.local_from()), hm(t.local_to()))
                    : fmt::format("clocks go back from {} to {}", hm(t.local_to()), hm(t.local_from()));
}
std::string transition_date(const Transition& t) { return ymd(t.local_from()); }

std::string join_dates(const std::vector<std::string>& dates) {
  std::string out;
  for (std::size_t i = 0; i < dates.size(); ++i) out += (i ? ", " : "") + dates[i];
  return out;
}

// The cron with `*`-prefixed minute and hour fields written as explicit ranges: the same times as a fixed-time
// schedule (wall clock: after the gap, once in an overlap).
std::string fixed_time_form(const schedule::cron::CronExpr& expr) {
  const auto explicit_field = [](const std::string& field, const char* range) {
    if (field.empty() || field[0] != '*') return field;
    return std::string(range) + field.substr(1);
  };
  std::string minute = explicit_field(expr.fields[0], "0-59");
  std::string hour = explicit_field(expr.fields[1], "0-23");
  return fmt::format("{} {} {} {} {}", minute, hour, expr.fields[2], expr.fields[3], expr.fields[4]);
}

struct Outcome {
  schedule::proof::Horizon horizon{};
  std::optional<schedule::proof::ProofResult> adf;
  std::optional<schedule::proof::ProofResult> quartz;
  std::optional<std::string> quartz_expression;
  std::vector<Fire> hazards;
  std::vector<Transition> transitions;
};

// The inputs of an outcome: the cron (normalized), zone, `from`, `until`, whether it is proved for ADF and for
// Databricks, and the lowerings proved (the IR's recurrences and Quartz expression, written out whole: a wrong
// lowering is what the proof finds, so it is never taken for another).
using OutcomeKey = std::tuple<std::string, std::string, std::string, std::string, bool, bool, std::string>;

std::string lowering_key(const ir::Schedule& s) {
  const auto time = [](const schedule::adf::LocalDateTime& t) {
    return fmt::format("{}-{}-{}T{}:{}:{}", t.year, t.month, t.day, t.hour, t.minute, t.second);
  };
  std::string out = s.quartz ? "q" + *s.quartz : std::string("-");
  for (const auto& r : s.adf) {
    out += fmt::format("|{} {} {} {} {} {} {} [{}] [{}] [{}] [{}] [", static_cast<int>(r.frequency), r.interval,
                       time(r.start_time), r.end_time ? time(*r.end_time) : std::string("-"), r.time_zone, r.utc,
                       r.has_schedule, fmt::join(r.minutes, ","), fmt::join(r.hours, ","), fmt::join(r.week_days, ","),
                       fmt::join(r.month_days, ","));
    for (const auto& o : r.monthly_occurrences) out += fmt::format("{}/{},", o.weekday, o.occurrence);
    out += "]";
  }
  return out;
}
Memo<OutcomeKey, Outcome> outcome_memo(1u << 20);  // weights: the counterexamples, hazards and transitions kept

class Checker {
 public:
  Checker(const ir::Project& project, Diagnostics& diags) : project_(project), diags_(diags) {}

  void run() {
    // The outcome of each distinct schedule, computed on several threads (each writes only its own), then the
    // reports, in model order as before: the same for any thread count.
    std::vector<const schedule::tz::Zone*> zones(project_.models.size(), nullptr);
    std::vector<const std::shared_ptr<const Outcome>*> outcomes(project_.models.size(), nullptr);  // into cache_
    struct Pending {
      const ir::Model* model;
      const schedule::tz::Zone* zone;
      std::shared_ptr<const Outcome>* slot;
    };
    std::vector<Pending> pending;
    for (std::size_t i = 0; i < project_.models.size(); ++i) {
      const ir::Model& m = project_.models[i];
      zones[i] = schedule::tz::find_zone(m.schedule.zone);  // its file check is memoised (timezone.cpp)
      if (zones[i] == nullptr) continue;  // validated by lowering
      auto [it, added] = cache_.emplace(key(m), nullptr);
      outcomes[i] = &it->second;
      if (!added) continue;
      if (auto kept = outcome_memo.find(it->first)) it->second = std::move(kept);  // from an earlier compilation
      else pending.push_back({&m, zones[i], &it->second});
    }
    parallel_for(
        pending.size(),
        [&](std::size_t i) {
          const ir::Model& m = *pending[i].model;
          *pending[i].slot = compute(m.schedule, *pending[i].zone, adf_target(m), quartz_target(m));
        },
        2);
    for (const auto& p : pending) {
      const Outcome& o = **p.slot;
      const std::size_t weight = o.hazards.size() + o.transitions.size() + (o.adf ? o.adf->transitions.size() : 0) +
                                 (o.quartz ? o.quartz->transitions.size() : 0);
      outcome_memo.keep(key(*p.model), *p.slot, weight);
    }
    for (std::size_t i = 0; i < project_.models.size(); ++i)
      if (zones[i] != nullptr) check(project_.models[i], *zones[i], **outcomes[i]);
  }

 private:
  using Key = OutcomeKey;

  static std::string local_key(const std::optional<schedule::adf::LocalDateTime>& t) {
    return t ? schedule::adf::format_time(*t, false) : std::string();
  }

  static bool adf_target(const ir::Model& m) { return m.target != ir::Target::Databricks; }
  static bool quartz_target(const ir::Model& m) { return m.target == ir::Target::Databricks; }

  static Key key(const ir::Model& m) {
    const ir::Schedule& s = m.schedule;
    return Key{s.cron.normalized, s.zone, local_key(s.from), local_key(s.until), adf_target(m), quartz_target(m),
               lowering_key(s)};
  }

  // Pure (no shared state): runs on several threads at once.
  static std::shared_ptr<const Outcome> compute(const ir::Schedule& s, const schedule::tz::Zone& zone, bool for_adf,
                                          bool for_quartz) {
    auto out = std::make_unique<Outcome>();
    out->horizon = schedule::proof::proof_horizon(s.from, zone);
    out->transitions = schedule::transitions(zone, out->horizon.from, out->horizon.to);
    if (for_adf) out->adf = schedule::proof::prove_adf(s.cron, zone, s.adf, out->horizon, s.from, s.until);
    if (for_quartz && s.quartz) {  // the one schedule lowering's expression (compiler/schedule/lowering.hpp)
      out->quartz_expression = s.quartz;
      if (const auto parsed = schedule::quartz::parse(*s.quartz); parsed.expr)
        out->quartz = schedule::proof::prove_quartz(s.cron, zone, *parsed.expr, out->horizon);
    }
    out->hazards = schedule::proof::dst_hazards(s.cron, zone, out->horizon);
    return out;
  }

  void check(const ir::Model& m, const schedule::tz::Zone& zone, const Outcome& o) {
    if (o.adf) report_proof(m, zone, o, *o.adf, "ADF", "the ADF trigger");
    if (o.quartz) report_proof(m, zone, o, *o.quartz, "Databricks", fmt::format("the Quartz schedule `{}`", *o.quartz_expression));
    report_hazards(m, o);
    if (adf_target(m)) report_windows_rules(m, zone, o.horizon);
  }

  void report_proof(const ir::Model& m, const schedule::tz::Zone& zone, const Outcome& o, const schedule::proof::ProofResult& p,
                    const char* target, const std::string& what) {
    const ir::Schedule& s = m.schedule;
    const std::string range = fmt::format("{} to {}", date::format("%F", date::floor<date::days>(zone.to_local(o.horizon.from + 1s))),
                                          date::format("%F", date::floor<date::days>(o.horizon.to)));
    if (p.error) {
      SCHEDC_DIAGNOSTIC(LoweringNotCheckable, LoweringDisagrees, "{} of model `{}` cannot be checked: {}",
                        std::string_view, std::string_view, std::string_view);
      auto& d = diags_.report(LoweringNotCheckable, s.cron_span, what, m.name, *p.error);
      d.primary_label = "this schedule";
      d.help = "this is a schedc bug; please report it with this file";
      return;
    }
    if (p.counterexample) {
      const auto& c = *p.counterexample;
      const auto at = [&](const std::optional<Instant>& i) {
        return i ? fmt::format("{} ({})", schedule::format_in_zone(*i, zone), schedule::format_utc(*i))
                 : std::string("never again before ") + range.substr(range.size() - 10);
      };
      SCHEDC_DIAGNOSTIC(ModelDoesFireWhenDoes, LoweringDisagrees, "{} of model `{}` does not fire when `{}` does",
                        std::string_view, std::string_view, std::string_view);
      auto& d = diags_.report(ModelDoesFireWhenDoes, s.cron_span, what, m.name, s.cron.text);
      d.primary_label = fmt::format("{} differs from this schedule", target);
      d.notes.push_back(fmt::format("first difference: the schedule {} at {}, but {} next fires at {}",
                                    c.source_fires ? "fires" : "does not fire",
                                    at(c.source_fires ? std::optional<Instant>{c.instant} : c.source_next),
                                    target, at(c.source_fires ? c.target_next : std::optional<Instant>{c.instant})));
      d.notes.push_back(fmt::format("compared over {} in {}, outside every DST transition", range, s.zone));
      d.help = "this is a schedc bug (a lowering must be exact outside DST transitions); please report it with this file";
      return;
    }
    if (p.transitions.empty()) return;
    std::vector<std::string> dates;
    for (const auto& t : p.transitions) dates.push_back(transition_date(t.transition));
    SCHEDC_DIAGNOSTIC(RunsModelDifferentlyFromAround, TargetsDifferAroundDst, "{} runs model `{}` differently from `{}` around {} DST transition{} of {}",
                      std::string_view, std::string_view, std::string_view, std::size_t, std::string_view, std::string_view);
    auto& d = diags_.report(RunsModelDifferentlyFromAround, s.cron_span, target, m.name, s.cron.text, p.transitions.size(), p.transitions.size() == 1 ? "" : "s", s.zone);
    d.primary_label = fmt::format("differs on {}", dates.size() <= 2 ? join_dates(dates) : dates.front() + ", ...");
    if (std::string(target) == "Databricks" && m.target_span.end > m.target_span.begin)
      d.labels.push_back({m.target_span, "target `databricks` schedules the job in Databricks"});
    // One note per distinct behaviour (the dates it happens on first).
    std::vector<std::pair<std::string, std::vector<std::string>>> behaviours;
    for (const auto& t : p.transitions) {
      const std::string text = fmt::format("{}: the schedule {}; {} {}", clocks_text(t.transition),
                                           fires_text(t.source, zone), target, fires_text(t.target, zone));
      auto same = std::find_if(behaviours.begin(), behaviours.end(), [&](const auto& b) { return b.first == text; });
      if (same == behaviours.end()) behaviours.push_back({text, {transition_date(t.transition)}});
      else same->second.push_back(transition_date(t.transition));
    }
    for (const auto& [text, on] : behaviours) d.notes.push_back(fmt::format("{}: {}", join_dates(on), text));
    if (std::string(target) == "ADF") {
      d.notes.push_back("ADF's behaviour in DST transitions is not documented; schedc assumes a wall-clock time in a "
                        "gap runs when the gap ends and a repeated time runs once, at its first occurrence");
    } else {
      d.notes.push_back("Databricks (Quartz) skips a time in a DST gap and runs a repeated time once, at its second "
                        "occurrence");
    }
    if (schedule::is_wildcard_job(s.cron) && std::string(target) == "ADF") {
      d.help = fmt::format("`{}` runs at the real instants (a wildcard job), which ADF cannot express in {}; if "
                           "running at the wall-clock times is what you mean, write `{}`, which ADF runs exactly; or "
                           "schedule in \"UTC\"",
                           s.cron.text, s.zone, fixed_time_form(s.cron));
    } else {
      d.help = "move the times out of the hours the clocks change, or schedule in \"UTC\", if these dates matter";
    }
  }

  void report_hazards(const ir::Model& m, const Outcome& o) {
    if (o.hazards.empty()) return;
    const ir::Schedule& s = m.schedule;
    // Group by transition: (date, clocks) -> the scheduled local times affected.
    struct Group {
      const Transition* transition;
      std::vector<std::string> times;
    };
    std::vector<Group> gaps, overlaps;
    std::vector<std::string> all_times;
    for (const Fire& f : o.hazards) {
      const Transition* t = nullptr;
      for (const auto& candidate : o.transitions)
        if (candidate.window_contains(f.instant)) t = &candidate;
      if (t == nullptr) continue;
      auto& groups = f.kind == schedule::FireKind::AfterGap ? gaps : overlaps;
      if (groups.empty() || groups.back().transition != t) groups.push_back({t, {}});
      const std::string time = hm(f.scheduled);
      // A fire after a gap stands for every scheduled time in the gap: list each one.
      if (f.kind == schedule::FireKind::AfterGap) {
        for (auto local = t->local_from(); local < t->local_to(); local += 60s) {
          const auto day = date::floor<date::days>(local);
          const auto tod = local - day;
          const int hour = static_cast<int>(std::chrono::duration_cast<std::chrono::hours>(tod).count());
          const int minute = static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(tod).count() % 60);
          const date::year_month_day d{day};
          if (schedule::cron::matches(s.cron, static_cast<int>(d.year()), static_cast<int>(static_cast<unsigned>(d.month())),
                            static_cast<int>(static_cast<unsigned>(d.day())), hour, minute)) {
            const std::string text = hm(local);
            if (std::find(groups.back().times.begin(), groups.back().times.end(), text) == groups.back().times.end())
              groups.back().times.push_back(text);
          }
        }
      } else if (std::find(groups.back().times.begin(), groups.back().times.end(), time) == groups.back().times.end()) {
        groups.back().times.push_back(time);
      }
    }
    for (const auto* groups : {&gaps, &overlaps})
      for (const auto& g : *groups)
        for (const auto& t : g.times)
          if (std::find(all_times.begin(), all_times.end(), t) == all_times.end()) all_times.push_back(t);
    std::sort(all_times.begin(), all_times.end());
    std::string times;
    for (std::size_t i = 0; i < all_times.size() && i < 4; ++i) times += (i ? ", " : "") + all_times[i];
    if (all_times.size() > 4) times += ", ...";
    const std::size_t dates = gaps.size() + overlaps.size();
    // The horizon starts at local midnight in the zone (proof_horizon): its first date is a local date.
    const schedule::tz::Zone* zone = schedule::tz::find_zone(s.zone);
    const schedule::LocalTime horizon_start_local =
        zone != nullptr ? zone->to_local(o.horizon.from + 1s) : schedule::LocalTime{(o.horizon.from + 1s).time_since_epoch()};
    SCHEDC_DIAGNOSTIC(ModelRunsLocalTimeWhich, LocalTimeInDstGap, "model `{}` runs at local time{} {} in {}, which {} on {} date{} from {} to {}",
                      std::string_view, std::string_view, std::string_view, std::string_view, std::string_view, std::size_t, std::string_view, std::string_view, std::string_view);
    auto& d = diags_.report(ModelRunsLocalTimeWhich, s.cron_span, m.name, all_times.size() == 1 ? "" : "s", times, s.zone, gaps.empty() ? "occurs twice" : overlaps.empty() ? "does not exist" : "does not exist or occurs twice", dates, dates == 1 ? "" : "s", date::format("%F", date::floor<date::days>(horizon_start_local)), date::format("%F", date::floor<date::days>(o.horizon.to)));
    d.primary_label = "a fixed local time in a DST transition";
    const auto describe = [&](const std::vector<Group>& groups, bool gap) {
      if (groups.empty()) return;
      std::vector<std::string> list;
      for (const auto& g : groups) list.push_back(transition_date(*g.transition));
      const Transition& t = *groups.front().transition;
      d.notes.push_back(gap ? fmt::format("{}: {}, so {} does not exist; the model runs once at {}, when the gap ends",
                                          join_dates(list), clocks_text(t), join_dates(groups.front().times),
                                          hm(t.local_to()))
                            : fmt::format("{}: {}, so {} occurs twice; the model runs once, at the first ({})",
                                          join_dates(list), clocks_text(t), join_dates(groups.front().times),
                                          offset_text(t.before)));
    };
    describe(gaps, true);
    describe(overlaps, false);
    d.help = fmt::format("if that is what you want, nothing needs to change; otherwise choose times outside the hours "
                         "the clocks change in {}, or schedule in \"UTC\"",
                         s.zone);
  }

  void report_windows_rules(const ir::Model& m, const schedule::tz::Zone& zone, const schedule::proof::Horizon& horizon) {
    const ir::Schedule& s = m.schedule;
    if (s.utc) return;
    auto it = windows_cache_.find(s.zone);
    if (it == windows_cache_.end()) {
      std::optional<std::pair<std::string, schedule::proof::OffsetDifference>> found;
      if (const auto primary = schedule::tz::windows_primary_zone(s.windows_zone)) {
        if (const schedule::tz::Zone* other = schedule::tz::find_zone(*primary); other != nullptr && *primary != zone.name())
          if (const auto diff = schedule::proof::first_offset_difference(zone, *other, horizon)) found = {{*primary, *diff}};
      }
      it = windows_cache_.emplace(s.zone, found).first;
    }
    if (!it->second) return;
    const auto& [primary, diff] = *it->second;
    SCHEDC_DIAGNOSTIC(AdfRunsTriggerModelWindows, WindowsZoneRulesDiffer, "ADF runs the trigger of model `{}` in the Windows zone `{}`, whose UTC offset differs from {}'s from {}: {} instead of {}",
                      std::string_view, std::string_view, std::string_view, std::string_view, std::string_view, std::string_view);
    auto& d = diags_.report(AdfRunsTriggerModelWindows, s.zone_span, m.name, s.windows_zone, s.zone, date::format("%F", date::floor<date::days>(zone.to_local(diff.at))), offset_text(diff.other_offset), offset_text(diff.offset));
    d.primary_label = "ADF uses other rules for this zone";
    d.notes.push_back(fmt::format("CLDR maps {} to `{}`, whose rules are those of {} (tz database {}, CLDR {})", s.zone,
                                  s.windows_zone, primary, schedule::tz::tzdata_version(), schedule::tz::windows_zones_version()));
    d.help = fmt::format("schedule in \"UTC\" (converting the times), or in {} if its rules are the ones you mean",
                         primary);
  }

  const ir::Project& project_;
  Diagnostics& diags_;
  std::map<Key, std::shared_ptr<const Outcome>> cache_;
  std::map<std::string, std::optional<std::pair<std::string, schedule::proof::OffsetDifference>>> windows_cache_;
};

}  // namespace

void check_schedules(const ir::Project& project, Diagnostics& diags) { Checker(project, diags).run(); }

void clear_proof_memo() { outcome_memo.clear(); }

}  // namespace schedc::analysis
