// The compiled reference for the kernel-mmc benchmark: the same M/M/8 queue at utilisation 0.9
// as bench/kernel-mmc.ts, as a minimal event loop. bench/main.ts builds it with `g++ -O2` when a
// compiler is there and runs it in the same run as parm-sim's kernel.
//
//   kernel-mmc [ARRIVALS [REPEATS]]   prints one JSON object: each repeat's events/s and the median
//
// Events are (time, kind) pairs in a std::priority_queue; waiting arrivals are a ring of their
// arrival times; events = arrivals + departures, as in the TypeScript benchmark, and only the
// event loop is timed. The draws, by default: two std::mt19937_64 generators (arrivals, service),
// u uniform on (0, 1] from the top 53 bits, exponential by -mean * log(u) with the C library's log.
//
// Built with -DPARM_DRAWS it draws parm-sim's own numbers instead: Alea seeded as parm-sim's
// streams "1/arrivals" and "1/service", exponential by -mean * log(1 - u) with fdlibm's log (the
// algorithm of V8's Math.log). Its mean wait then equals the TypeScript benchmark's to the last
// digit, which shows the two loops handle the same events, and its speed shows what the loop
// costs in C++ with the draws parm-sim must make.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <queue>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace {

#ifdef PARM_DRAWS

// Baagøe's Alea, seeded with Mash, as the seedrandom package builds it (sim/engine/random.ts).
class Alea {
 public:
  explicit Alea(const std::string& seed) {
    double n = 0xefc8249d;
    s0_ = mash(n, " ");
    s1_ = mash(n, " ");
    s2_ = mash(n, " ");
    s0_ -= mash(n, seed);
    if (s0_ < 0) s0_ += 1;
    s1_ -= mash(n, seed);
    if (s1_ < 0) s1_ += 1;
    s2_ -= mash(n, seed);
    if (s2_ < 0) s2_ += 1;
  }
  double next() {
    const double t = 2091639 * s0_ + c_ * 2.3283064365386963e-10;
    s0_ = s1_;
    s1_ = s2_;
    c_ = static_cast<double>(static_cast<int32_t>(t));
    return s2_ = t - c_;
  }

 private:
  // JavaScript's x >>> 0 for the non-negative values Mash makes.
  static double toUint32(double x) { return static_cast<double>(static_cast<uint32_t>(static_cast<int64_t>(x))); }
  static double mash(double& n, const std::string& data) {
    for (unsigned char ch : data) {  // the seeds are ASCII: one UTF-16 unit a byte
      n += ch;
      double h = 0.02519603282416938 * n;
      n = toUint32(h);
      h -= n;
      h *= n;
      n = toUint32(h);
      h -= n;
      n += h * 4294967296.0;
    }
    return toUint32(n) * 2.3283064365386963e-10;
  }
  double s0_, s1_, s2_, c_ = 1;
};

/*
 * The natural logarithm by fdlibm's algorithm (e_log.c), which V8 uses for Math.log, for the
 * positive normal numbers that 1 - u is here.
 *
 * ====================================================
 * Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
 *
 * Developed at SunSoft, a Sun Microsystems, Inc. business.
 * Permission to use, copy, modify, and distribute this
 * software is freely granted, provided that this notice
 * is preserved.
 * ====================================================
 */
double fdlibmLog(double x) {
  static const double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10,
                      Lg1 = 6.666666666666735130e-01, Lg2 = 3.999999999940941908e-01,
                      Lg3 = 2.857142874366239149e-01, Lg4 = 2.222219843214978396e-01,
                      Lg5 = 1.818357216161805012e-01, Lg6 = 1.531383769920937332e-01,
                      Lg7 = 1.479819860511658591e-01;
  uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  int32_t hx = static_cast<int32_t>(bits >> 32);
  int32_t k = (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const int32_t i = (hx + 0x95f64) & 0x100000;
  bits = (static_cast<uint64_t>(static_cast<uint32_t>(hx | (i ^ 0x3ff00000))) << 32) | (bits & 0xffffffffu);
  std::memcpy(&x, &bits, sizeof x);  // x or x/2, normalised into [sqrt(2)/2, sqrt(2))
  k += i >> 20;
  const double f = x - 1.0;
  const double dk = k;
  if ((0x000fffff & (2 + hx)) < 3) {  // |f| < 2^-20
    if (f == 0) return k == 0 ? 0 : dk * ln2_hi + dk * ln2_lo;
    const double R = f * f * (0.5 - 0.33333333333333333 * f);
    if (k == 0) return f - R;
    return dk * ln2_hi - ((R - dk * ln2_lo) - f);
  }
  const double s = f / (2.0 + f);
  const double z = s * s;
  const double w = z * z;
  const double t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
  const double t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
  const double R = t2 + t1;
  if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) {
    const double hfsq = 0.5 * f * f;
    if (k == 0) return f - (hfsq - s * (hfsq + R));
    return dk * ln2_hi - ((hfsq - (s * (hfsq + R) + dk * ln2_lo)) - f);
  }
  if (k == 0) return f - s * (f - R);
  return dk * ln2_hi - ((s * (f - R) - dk * ln2_lo) - f);
}

struct Stream {
  explicit Stream(const char* name) : alea(std::string("1/") + name) {}
  double exponential(double mean) { return -mean * fdlibmLog(1 - alea.next()); }
  Alea alea;
};
const char* const kDraws = "alea+fdlibm-log";

#else

struct Stream {
  explicit Stream(const char* name) : g(std::strcmp(name, "arrivals") == 0 ? 1 : 2) {}
  double exponential(double mean) { return -mean * std::log(1.0 - static_cast<double>(g() >> 11) * 0x1.0p-53); }
  std::mt19937_64 g;
};
const char* const kDraws = "mt19937_64+libm-log";

#endif

struct Run {
  double seconds, meanWait;
  long events, completed;
};

Run once(long arrivals) {
  const int c = 8;
  const double mu = 1, lambda = 0.9 * c * mu;
  Stream arrivalRng("arrivals"), serviceRng("service");

  enum Kind { ARRIVAL = 0, DEPARTURE = 1 };
  using Event = std::pair<double, int>;
  std::priority_queue<Event, std::vector<Event>, std::greater<Event>> events;
  std::vector<double> waiting(1 << 20);
  const std::size_t mask = waiting.size() - 1;
  std::size_t head = 0, tail = 0;
  long arrived = 0, completed = 0, handled = 0;
  int busy = 0;
  double now = 0, totalWait = 0;

  events.emplace(arrivalRng.exponential(1 / lambda), ARRIVAL);
  const auto started = std::chrono::steady_clock::now();
  while (!events.empty()) {
    const Event e = events.top();
    events.pop();
    now = e.first;
    handled++;
    if (e.second == ARRIVAL) {
      if (++arrived < arrivals) events.emplace(now + arrivalRng.exponential(1 / lambda), ARRIVAL);
      if (busy < c) {
        busy++;
        events.emplace(now + serviceRng.exponential(1 / mu), DEPARTURE);
      } else {
        waiting[tail] = now;
        tail = (tail + 1) & mask;
      }
    } else {
      completed++;
      if (head != tail) {
        totalWait += now - waiting[head];
        head = (head + 1) & mask;
        events.emplace(now + serviceRng.exponential(1 / mu), DEPARTURE);
      } else {
        busy--;
      }
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return {seconds, totalWait / completed, handled, completed};
}

}  // namespace

int main(int argc, char** argv) {
  const long arrivals = argc > 1 ? std::atol(argv[1]) : 1000000;
  const int repeats = argc > 2 ? std::max(1, std::atoi(argv[2])) : 1;
  std::vector<double> rates;
  Run run{};
  for (int r = 0; r < repeats; r++) {
    run = once(arrivals);
    rates.push_back(run.events / run.seconds);
  }
  std::printf("{\"draws\":\"%s\",\"arrivals\":%ld,\"events\":%ld,\"completed\":%ld,\"mean_wait_ms\":%.17g,\"events_per_s\":[", kDraws,
              arrivals, run.events, run.completed, run.meanWait);
  for (std::size_t i = 0; i < rates.size(); i++) std::printf("%s%.0f", i ? "," : "", rates[i]);
  std::printf("]}\n");
  return 0;
}
