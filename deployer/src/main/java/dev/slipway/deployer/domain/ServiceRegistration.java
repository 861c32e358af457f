package dev.slipway.deployer.domain;

import java.time.Instant;

/** A service that rolled out in a datacenter, as announced in that datacenter's registry. */
public record ServiceRegistration(
    String service,
    String datacenter,
    String repo,
    String release,
    String tag,
    String image,
    int port,
    int replicas,
    Instant deployedAt) {}
