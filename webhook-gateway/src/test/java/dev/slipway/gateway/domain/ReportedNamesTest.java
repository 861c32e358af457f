package dev.slipway.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReportedNamesTest {

  @Test
  void aNameIsReportedOnceWhateverItsCase() {
    ReportedNames reported = new ReportedNames(10);

    assertThat(reported.firstTime("acme")).isTrue();
    assertThat(reported.firstTime("acme")).isFalse();
    assertThat(reported.firstTime("ACME")).isFalse();
    assertThat(reported.firstTime("globex")).isTrue();
  }

  @Test
  void pastItsBoundTheOldestNamesAreForgotten() {
    ReportedNames reported = new ReportedNames(2);
    reported.firstTime("a");
    reported.firstTime("b");
    reported.firstTime("c");

    assertThat(reported.firstTime("a")).isTrue();
    assertThat(reported.firstTime("c")).isFalse();
  }
}
