package dev.slipway.testsupport;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * A request body of {@code '0'} bytes made as it is read, so a 20 MB post does not sit in the
 * test's heap.
 */
public final class ZeroBody extends InputStream {

  private long left;

  public ZeroBody(long length) {
    this.left = length;
  }

  /**
   * Posts {@code count} webhooks at once to {@code webhookUrl}, each with GitHub's headers but no
   * signature and a body of {@code bytes} zeros: what an outsider floods a gateway with.
   *
   * @return the HTTP status of each, as they come
   */
  public static List<CompletableFuture<Integer>> unsignedPosts(
      String webhookUrl, int count, int bytes) {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<CompletableFuture<Integer>> answers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      HttpRequest post =
          HttpRequest.newBuilder(URI.create(webhookUrl))
              .header("Content-Type", "application/json")
              .header("X-GitHub-Event", "push")
              .header("X-GitHub-Delivery", UUID.randomUUID().toString())
              .POST(
                  HttpRequest.BodyPublishers.fromPublisher(
                      HttpRequest.BodyPublishers.ofInputStream(() -> new ZeroBody(bytes)), bytes))
              .build();
      answers.add(
          client
              .sendAsync(post, HttpResponse.BodyHandlers.discarding())
              .thenApply(HttpResponse::statusCode));
    }
    return answers;
  }

  @Override
  public int read() {
    if (left == 0) {
      return -1;
    }
    left--;
    return '0';
  }

  @Override
  public int read(byte[] buffer, int offset, int length) {
    if (left == 0) {
      return -1;
    }
    int count = (int) Math.min(length, left);
    Arrays.fill(buffer, offset, offset + count, (byte) '0');
    left -= count;
    return count;
  }
}
