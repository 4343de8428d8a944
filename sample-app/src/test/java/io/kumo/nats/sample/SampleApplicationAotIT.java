package io.kumo.nats.sample;

import java.util.List;

/**
 * The same end-to-end checks as {@link SampleApplicationIT}, with the application run from the
 * code that Spring's AOT processing generated at build time ({@code process-aot}) instead of from
 * its bean definitions read at start-up.
 */
class SampleApplicationAotIT extends SampleApplicationIT {

	@Override
	List<String> jvmOptions() {
		return List.of("-Dspring.aot.enabled=true");
	}

}
