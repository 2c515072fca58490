#!/usr/bin/env python3
"""make bench — speed and memory of polc against cmark, side by side in one run.

Generates large policies from policy-src/ (the standards and procedures documents
repeated with fresh ids), then measures, each as the best of a few runs:

  - one `cmark` pass over the same prose (the yardstick),
  - `polc check`, and a full `polc build` (check + bundle + public and internal editions),
  - peak memory of the build,
  - the build at 1x and 10x the input (linearity),
  - `polc diff` against one edition's build, and `polc history` against `git log`,
    when those commands are available.

Prints figures and ratios against the targets; exits 1 if a target is missed.
"""
import os, re, resource, shutil, subprocess, sys, tempfile, time

POLC = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/polc")
SRC = os.path.abspath("policy-src")
RUNS = int(os.environ.get("BENCH_RUNS", "3"))


def make_policy(dst, copies):
    """A policy with `copies` copies of the standards and procedures documents."""
    os.makedirs(dst)
    for name in os.listdir(SRC):
        if name.endswith(".pol") and name not in ("standards.pol", "procedures.pol", "policy.pol"):
            shutil.copy(os.path.join(SRC, name), dst)
    std = open(os.path.join(SRC, "standards.pol"), encoding="utf-8").read()
    proc = open(os.path.join(SRC, "procedures.pol"), encoding="utf-8").read()
    includes = []
    for i in range(copies):
        for base, text in (("standards", std), ("procedures", proc)):
            t = text if i == 0 else rename(text, i)
            fn = f"{base}{i}.pol"
            open(os.path.join(dst, fn), "w", encoding="utf-8").write(t)
            includes.append(fn)
    head = open(os.path.join(SRC, "policy.pol"), encoding="utf-8").read()
    head = re.sub(r"^@include (standards|procedures)\.pol\n", "", head, flags=re.M)
    head += "".join(f"@include {f}\n" for f in includes)
    open(os.path.join(dst, "policy.pol"), "w", encoding="utf-8").write(head)


def rename(text, i):
    # Fresh document ids; node ids are scoped to their document and may stay.
    text = re.sub(r"^@document (\w+)", lambda m: f"@document {m.group(1)}{i}", text, flags=re.M)
    text = re.sub(r"\bstandards\.", f"standards{i}.", text)
    return text


def prose_of(dst):
    out = []
    for name in sorted(os.listdir(dst)):
        for line in open(os.path.join(dst, name), encoding="utf-8"):
            if not line.startswith(("@", "#")) and not re.match(r"^\s+\w+\s*=", line):
                out.append(line)
    return "".join(out)


def timed(cmd, **kw):
    best, peak = None, 0
    for _ in range(RUNS):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        t0 = time.perf_counter()
        r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)
        dt = time.perf_counter() - t0
        if r.returncode not in (0,):
            sys.exit(f"bench: {' '.join(cmd)} failed: {r.stderr.decode()[:500]}")
        best = dt if best is None else min(best, dt)
        peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return best, peak


def main():
    tmp = tempfile.mkdtemp(prefix="polc-bench-")
    ok = True
    try:
        # About 3.5 MB of prose: the yardstick in DESIGN.md.
        one = os.path.join(tmp, "x1")
        make_policy(one, 1)
        per_copy = len(prose_of(one).encode())
        copies = max(1, int(3.5e6 / per_copy))
        big = os.path.join(tmp, "big")
        make_policy(big, copies)
        prose = os.path.join(tmp, "prose.md")
        open(prose, "w", encoding="utf-8").write(prose_of(big))
        src_bytes = sum(os.path.getsize(os.path.join(big, f)) for f in os.listdir(big))
        print(f"input: {copies} copies, {src_bytes / 1e6:.1f} MB of source, "
              f"{os.path.getsize(prose) / 1e6:.1f} MB of prose")

        t_cmark, _ = timed(["cmark", prose])
        t_check, _ = timed([POLC, "check", big])
        out = os.path.join(tmp, "out")
        t_build, rss = timed([POLC, "build", big, "-o", out, "--edition", "all"])
        peak = rss * 1024
        limit = 4 * src_bytes + 32 * 2**20
        print(f"cmark          {t_cmark * 1000:8.0f} ms")
        print(f"polc check     {t_check * 1000:8.0f} ms   {t_check / t_cmark:5.2f}x cmark")
        print(f"polc build     {t_build * 1000:8.0f} ms   {t_build / t_cmark:5.2f}x cmark   (target <= 3x)")
        print(f"peak memory    {peak / 2**20:8.1f} MiB  limit {limit / 2**20:.1f} MiB (4x source + 32 MiB)")
        ok &= t_build <= 3 * t_cmark and peak <= limit

        # Linearity: a tenth of the input, then the whole.
        small = os.path.join(tmp, "small")
        make_policy(small, max(1, copies // 10))
        t_small, _ = timed([POLC, "build", small, "-o", os.path.join(tmp, "o2"), "--edition", "all"])
        ratio = t_build / t_small
        scale = copies / max(1, copies // 10)
        print(f"scaling        {scale:.0f}x input -> {ratio:5.2f}x time   (target <= {1.1 * scale:.0f}x)")
        ok &= ratio <= 1.1 * scale
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("bench: all targets met" if ok else "bench: a target was missed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
