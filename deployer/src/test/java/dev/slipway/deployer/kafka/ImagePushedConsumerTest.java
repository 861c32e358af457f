package dev.slipway.deployer.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImagePushedConsumerTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "dc1, deployer-dc1",
    "dc2 dc1, deployer-dc1+dc2",
    "eu-1 us-1 ap-1, deployer-ap-1+eu-1+us-1"
  })
  void namesTheConsumerGroupAfterTheSortedSetOfDatacenters(String datacenters, String group) {
    assertThat(ImagePushedConsumer.group(Set.of(datacenters.split(" ")))).isEqualTo(group);
  }
}
