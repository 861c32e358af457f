package dev.slipway.gateway.domain;

/**
 * One HTTP delivery as received; header values are null when absent.
 *
 * @param signature {@code X-Hub-Signature-256}
 * @param event {@code X-GitHub-Event}
 * @param deliveryId {@code X-GitHub-Delivery}
 * @param contentType {@code Content-Type}
 * @param body the raw body, exactly the bytes the signature covers
 */
public record DeliveryRequest(
    String signature, String event, String deliveryId, String contentType, byte[] body) {}
