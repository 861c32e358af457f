package dev.slipway.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for the servers a test starts (etcd, haproxy, Kafka, the services, a registry). A port from
 * {@code bind(0)} comes from the kernel's ephemeral range, where every outgoing connection takes
 * its local port too: between the probe and the server's own bind, any client of the machine could
 * take it, and the server fails with "address already in use". These ports come from below that
 * range, are free when handed out, and are never handed out twice in one JVM.
 */
public final class FreePorts {

  private static final int LOWEST = 10_000;
  private static final int ATTEMPTS = 1_000;
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
  private static final int BELOW_EPHEMERAL = firstEphemeralPort();

  private FreePorts() {}

  /** A port nothing listens on now, outside the ephemeral range, not handed out before. */
  public static int take() {
    for (int i = 0; i < ATTEMPTS; i++) {
      int port = ThreadLocalRandom.current().nextInt(LOWEST, BELOW_EPHEMERAL);
      if (HANDED_OUT.add(port) && bindable(port)) {
        return port;
      }
    }
    throw new IllegalStateException(
        "no free port between " + LOWEST + " and " + BELOW_EPHEMERAL + " after " + ATTEMPTS);
  }

  private static boolean bindable(int port) {
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(port));
      return true;
    } catch (IOException inUse) {
      return false;
    }
  }

  /** Linux's first ephemeral port; its default (32768) elsewhere. */
  private static int firstEphemeralPort() {
    try {
      String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).strip();
      int first = Integer.parseInt(range.split("\\s+")[0]);
      return first > LOWEST + ATTEMPTS ? first : 32_768;
    } catch (IOException | RuntimeException e) {
      return 32_768;
    }
  }
}
