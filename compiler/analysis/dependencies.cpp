// Feasibility of model dependencies over the horizon (docs/language.md §11.2): does a downstream model fire
// after the upstream run it waits for? Each model's fires are enumerated once (FireCursor), then every edge is a
// linear merge of two sorted sequences, so the cost is O(fires of the models involved + edges). Both steps run on
// several threads; the problems are reported afterwards, in model order.
#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>

#include "compiler/analysis/analyses.hpp"
#include "compiler/parallel.hpp"
#include "compiler/schedule/tz/timezone.hpp"

namespace schedc::analysis {

using namespace std::chrono;

namespace {

constexpr seconds kDay{86400};
// How far before the horizon (beyond `within`) upstream fires are enumerated, to name the latest one in messages.
constexpr seconds kLookBack{32 * 86400};

using PerDate = std::vector<std::pair<date::local_days, Instant>>;

SameDateResult same_date(const PerDate& d, const PerDate& u, std::int64_t wait_seconds,
                         OffsetDifferences offsets = {nullptr, nullptr}) {
  SameDateResult r;
  std::size_t j = 0;
  for (const auto& [date, fire] : d) {
    while (j < u.size() && u[j].first < date) ++j;
    if (j == u.size() || u[j].first != date) {
      if (!r.missing) r.missing = DateProblem{date, fire, std::nullopt, 0};
      ++r.missing->dates;
    } else if (u[j].second >= fire + seconds{wait_seconds}) {
      if (!r.early) r.early = DateProblem{date, fire, u[j].second, 0};
      ++r.early->dates;
    } else if (offsets.enabled()) {
      offsets.good(fire);
    }
  }
  if (offsets.enabled()) {
    if (r.early) r.early->offset_change = offsets.explains(r.early->downstream);
    if (r.missing) r.missing->offset_change = offsets.explains(r.missing->downstream);
  }
  return r;
}

std::optional<StaleProblem> within(const std::vector<Instant>& down, const std::vector<Instant>& up,
                                   std::int64_t within_seconds, std::int64_t wait_seconds,
                                   OffsetDifferences offsets = {nullptr, nullptr}) {
  std::optional<StaleProblem> r;
  std::size_t j = 0;  // up[0..j) are the upstream fires before the current downstream deadline
  for (Instant f : down) {
    const Instant deadline = f + seconds{wait_seconds};
    while (j < up.size() && up[j] < deadline) ++j;
    std::optional<Instant> latest = j == 0 ? std::nullopt : std::optional<Instant>(up[j - 1]);
    if (!latest || *latest < f - seconds{within_seconds}) {
      if (!r) r = StaleProblem{f, latest, 0};
      ++r->runs;
    } else if (offsets.enabled()) {
      offsets.good(f);
    }
  }
  if (r && offsets.enabled()) r->offset_change = offsets.explains(r->downstream);
  return r;
}

std::string date_text(date::local_days d) { return date::format("%F", d); }

std::string weekday_date(date::local_days d) { return date::format("%a %F", d); }

// Reports the problems found with the dependency of `m` on `up` (prerequisite `p`).
void report(const ir::Model& m, const ir::Prerequisite& p, const ir::Model& up, const schedule::tz::Zone* dz,
            const schedule::tz::Zone* uz, std::int64_t wait, const std::optional<StaleProblem>& stale,
            const SameDateResult& r, const Horizon& horizon, const std::string& index_note, Diagnostics& diags) {
  const bool waits = wait > 0;
  // The DST note only when the problem comes and goes with a change of the zones' offsets on the dates named.
  auto zone_note = [&](auto& d, bool offset_change) {
    if (!index_note.empty()) d.notes.push_back(index_note);
    if (offset_change && m.schedule.zone != up.schedule.zone)
      d.notes.push_back(fmt::format("`{}` runs in {} and `{}` in {}: when their UTC offsets change on different "
                                    "dates (daylight saving time), the order of their runs changes too",
                                    m.name, m.schedule.zone, up.name, up.schedule.zone));
  };
  if (p.within_seconds) {
    if (!stale) return;
    SCHEDC_DIAGNOSTIC(RunsFindsNoRunLast, UpstreamTooOld, "on {} of its runs in {}, `{}` finds no run of `{}` in the last {}",
                      std::size_t, std::string_view, std::string_view, std::string_view, std::string_view);
    auto& d = diags.report(RunsFindsNoRunLast, p.span, stale->runs, horizon.years(), m.name, up.name, human_seconds(*p.within_seconds));
    d.primary_label = fmt::format("first on {}", weekday_date(local_date(stale->downstream, *dz)));
    d.labels.push_back({up.span, "the upstream model"});
    d.notes.push_back(fmt::format(
        "`{}` runs at {} ({}); {}", m.name, schedule::format_in_zone(stale->downstream, *dz),
        schedule::format_utc(stale->downstream),
        stale->latest_upstream
            ? fmt::format("the latest run of `{}` {} was at {} ({})", up.name,
                          waits ? "before its wait ends" : "before it", schedule::format_in_zone(*stale->latest_upstream, *uz),
                          schedule::format_utc(*stale->latest_upstream))
            : fmt::format("`{}` has not run before it", up.name)));
    zone_note(d, stale->offset_change);
    d.help = fmt::format("make `within` longer than the longest gap between two runs of `{}`, or schedule it more often",
                         up.name);
    return;
  }
  if (r.early) {
    const auto& e = *r.early;
    SCHEDC_DIAGNOSTIC(DateBeforeRunsSameDate, RunsBeforeUpstream, "on {} date{} in {}, `{}` {} before `{}` runs for the same date",
                      std::size_t, std::string_view, std::string_view, std::string_view, std::string_view, std::string_view);
    auto& d = diags.report(DateBeforeRunsSameDate, p.span, e.dates, e.dates == 1 ? "" : "s", horizon.years(), m.name, waits ? "stops waiting" : "runs", up.name);
    d.primary_label = fmt::format("first on {}", weekday_date(e.date));
    d.labels.push_back({up.span, "the upstream model"});
    d.notes.push_back(fmt::format("on {}, `{}` runs at {} ({}){}, but `{}` runs at {} ({})", weekday_date(e.date),
                                  m.name, schedule::format_in_zone(e.downstream, *dz), schedule::format_utc(e.downstream),
                                  waits ? fmt::format(" and waits {}", human_seconds(wait)) : "", up.name,
                                  schedule::format_in_zone(*e.upstream, *uz), schedule::format_utc(*e.upstream)));
    zone_note(d, e.offset_change);
    d.help = waits ? fmt::format("run `{}` later, or wait longer for `{}`", m.name, up.name)
                   : fmt::format("run `{}` later, or wait for `{}`: `model {} wait 2h every 10m`", m.name, up.name, up.name);
  }
  if (r.missing) {
    const auto& e = *r.missing;
    SCHEDC_DIAGNOSTIC(DateRunsButDoesRun, UpstreamMissesDate, "on {} date{} in {}, `{}` runs but `{}` does not run for that date",
                      std::size_t, std::string_view, std::string_view, std::string_view, std::string_view);
    auto& d = diags.report(DateRunsButDoesRun, p.span, e.dates, e.dates == 1 ? "" : "s", horizon.years(), m.name, up.name);
    d.primary_label = fmt::format("first on {}", weekday_date(e.date));
    d.labels.push_back({up.span, "the upstream model"});
    d.notes.push_back(fmt::format(
        "`model {}` needs the run of `{}` for the scheduled date of `{}`'s own run; `{}` runs at {} ({}), and `{}` "
        "has no run for {}, so this run {}",
        up.name, up.name, m.name, m.name, schedule::format_in_zone(e.downstream, *dz), schedule::format_utc(e.downstream),
        up.name, date_text(e.date), waits ? "waits until it times out" : "fails"));
    zone_note(d, e.offset_change);
    d.help = fmt::format("if an older run of `{}` is good enough, write `model {} within DURATION`; otherwise run "
                         "`{}` only on the dates `{}` runs",
                         up.name, up.name, m.name, up.name);
  }
}

}  // namespace

std::chrono::seconds OffsetDifferences::at(Instant instant) {
  const auto offset = [&](const schedule::tz::Zone& zone, std::optional<schedule::tz::Period>& period) {
    if (!period || instant < period->begin || instant >= period->end) period = zone.get_info(instant);
    return period->offset;
  };
  return offset(*down_, down_period_) - offset(*up_, up_period_);
}

void OffsetDifferences::good(Instant instant) {
  const seconds d = at(instant);
  if (std::find(good_.begin(), good_.end(), d) == good_.end()) good_.push_back(d);
}

bool OffsetDifferences::explains(Instant first_bad) {
  if (good_.empty()) return false;  // every date has the problem: no change of offsets explains it
  // The problem's instant may lie before the cached periods: look it up afresh.
  down_period_.reset();
  up_period_.reset();
  return std::find(good_.begin(), good_.end(), at(first_bad)) == good_.end();
}

SameDateResult check_same_date(const ir::Schedule& down, const ir::Schedule& up, std::int64_t wait_seconds,
                               Instant from, Instant to) {
  return same_date(first_fire_per_date(down, from - seconds{1}, to - seconds{1}),
                   first_fire_per_date(up, from - 2 * kDay, to + 2 * kDay), wait_seconds,
                   OffsetDifferences(schedule::tz::find_zone(down.zone), schedule::tz::find_zone(up.zone)));
}

std::optional<StaleProblem> check_within(const ir::Schedule& down, const ir::Schedule& up, std::int64_t within_seconds,
                                         std::int64_t wait_seconds, Instant from, Instant to) {
  return within(schedule_fires(down, from - seconds{1}, to - seconds{1}),
                schedule_fires(up, from - seconds{within_seconds} - kLookBack, to + seconds{wait_seconds}),
                within_seconds, wait_seconds,
                OffsetDifferences(schedule::tz::find_zone(down.zone), schedule::tz::find_zone(up.zone)));
}

void check_feasibility(const ir::Project& project, Diagnostics& diags) {
  std::unordered_map<std::string, const ir::Model*> by_name;
  for (const auto& m : project.models) by_name.emplace(m.name, &m);
  // The dependencies to check, in model and prerequisite order.
  struct Edge {
    const ir::Model* down;
    const ir::Prerequisite* p;
    const ir::Model* up;
    const schedule::tz::Zone *dz, *uz;
    std::int64_t wait;
    Horizon horizon;               // the years both models are checked over (horizon_for the pair)
    std::size_t down_seq, up_seq;  // indexes into `sequences`
    std::optional<StaleProblem> stale;  // `within`
    SameDateResult same;                // otherwise
  };
  std::vector<Edge> edges;
  // Each model's fires over a horizon (plus margins), computed once per horizon, only for models in a dependency:
  // its fires as a downstream of a `within` dependency, its first fire per date as a downstream or an upstream.
  // Without `from` every pair has the same horizon and each model's sequence is computed once.
  enum class Seq { DownFires, DownDates, UpDates };
  struct Sequence {
    const ir::Model* model;
    Seq kind;
    Horizon horizon;
    std::vector<Instant> fires;
    PerDate dates;
  };
  std::vector<Sequence> sequences;
  // A sequence depends only on the schedule (its cron, zone and window) and the horizon: models that share a
  // schedule share its sequences, computed once.
  using ScheduleKey = std::tuple<std::string, std::string, std::optional<schedule::adf::LocalDateTime>,
                                 std::optional<schedule::adf::LocalDateTime>, Seq, int, int>;
  std::map<ScheduleKey, std::size_t> sequence_index;
  auto sequence = [&](const ir::Model& m, Seq kind, const Horizon& h) {
    const ir::Schedule& s = m.schedule;
    auto [it, added] = sequence_index.emplace(ScheduleKey{s.cron.text, s.zone, s.from, s.until, kind, h.first_year, h.last_year},
                                              sequences.size());
    if (added) sequences.push_back({&m, kind, h, {}, {}});
    return it->second;
  };
  // The organisation index's models (other repos) as upstreams of the models checked, and as their downstreams.
  for (const auto& m : project.index_models) by_name.emplace(m.name, &m);
  const auto from_index = [&](const ir::Model& m) {
    return &m >= project.index_models.data() && &m < project.index_models.data() + project.index_models.size();
  };
  std::vector<const ir::Model*> downstreams;
  for (const auto& m : project.models) downstreams.push_back(&m);
  for (const auto& m : project.index_models) downstreams.push_back(&m);
  for (const ir::Model* mp : downstreams) {
    const ir::Model& m = *mp;
    const schedule::tz::Zone* dz = schedule::tz::find_zone(m.schedule.zone);
    for (const auto& p : m.requires_) {
      if (p.kind != ir::Prerequisite::Kind::Model) continue;
      auto it = by_name.find(p.upstream);
      if (it == by_name.end() || !dz) continue;
      if (from_index(m) && from_index(*it->second)) continue;  // checked by the release that wrote the index
      const ir::Model& up = *it->second;
      const schedule::tz::Zone* uz = schedule::tz::find_zone(up.schedule.zone);
      if (!uz || &up == &m) continue;
      const std::int64_t wait = p.mode == ir::Prerequisite::Mode::Wait ? p.timeout_seconds : 0;
      Edge e{&m, &p, &up, dz, uz, wait, horizon_for({&m.schedule, &up.schedule}), 0, 0, std::nullopt, {}};
      if (p.within_seconds) {
        e.down_seq = sequence(m, Seq::DownFires, e.horizon);
      } else {
        e.down_seq = sequence(m, Seq::DownDates, e.horizon);
        e.up_seq = sequence(up, Seq::UpDates, e.horizon);
      }
      edges.push_back(std::move(e));
    }
  }
  // The sequences, then each dependency's comparison, on several threads (results by index: the reports below
  // are in the same order for any thread count).
  parallel_for(sequences.size(), [&](std::size_t i) {
    Sequence& q = sequences[i];
    const ir::Schedule& s = q.model->schedule;
    const Instant from = q.horizon.begin(), to = q.horizon.end();
    switch (q.kind) {
      case Seq::DownFires: q.fires = schedule_fires(s, from - seconds{1}, to - seconds{1}); break;
      case Seq::DownDates: q.dates = first_fire_per_date(s, from - seconds{1}, to - seconds{1}); break;
      case Seq::UpDates: q.dates = first_fire_per_date(s, from - 2 * kDay, to + 2 * kDay); break;
    }
  });
  parallel_for(edges.size(), [&](std::size_t i) {
    Edge& e = edges[i];
    const Instant from = e.horizon.begin(), to = e.horizon.end();
    if (e.p->within_seconds) {
      const std::vector<Instant> upf =
          schedule_fires(e.up->schedule, from - seconds{*e.p->within_seconds} - kLookBack, to + seconds{e.wait});
      e.stale = within(sequences[e.down_seq].fires, upf, *e.p->within_seconds, e.wait, OffsetDifferences(e.dz, e.uz));
    } else {
      e.same = same_date(sequences[e.down_seq].dates, sequences[e.up_seq].dates, e.wait, OffsetDifferences(e.dz, e.uz));
    }
  });
  for (const Edge& e : edges) {
    const ir::Model* other = from_index(*e.up) ? e.up : from_index(*e.down) ? e.down : nullptr;
    const std::string note =
        other == nullptr ? std::string()
                         : fmt::format("`{}` is declared in {}, as the organisation index says", other->name,
                                       other->repo.empty() ? other->file : other->repo + ":" + other->file);
    report(*e.down, *e.p, *e.up, e.dz, e.uz, e.wait, e.stale, e.same, e.horizon, note, diags);
  }
}

}  // namespace schedc::analysis
