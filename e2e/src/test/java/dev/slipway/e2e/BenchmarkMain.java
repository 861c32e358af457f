package dev.slipway.e2e;

/** The {@code main} of every benchmark here: one count from the command line, and an exit code. */
final class BenchmarkMain {

  /** A benchmark measured over {@code count} rounds. */
  @FunctionalInterface
  interface Benchmark {
    void run(int count) throws Exception;
  }

  private BenchmarkMain() {}

  static void run(String[] args, int defaultCount, Benchmark benchmark) {
    int status = 0;
    try {
      benchmark.run(
          args.length > 0 && !args[0].isBlank() ? Integer.parseInt(args[0]) : defaultCount);
    } catch (Exception | AssertionError e) {
      e.printStackTrace();
      status = 1;
    }
    // The in-JVM test broker's threads would keep the JVM alive after main returned.
    System.exit(status);
  }
}
