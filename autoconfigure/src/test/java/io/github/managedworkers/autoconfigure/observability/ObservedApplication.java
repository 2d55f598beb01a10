package io.github.managedworkers.autoconfigure.observability;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.filter.OncePerRequestFilter;

import io.github.managedworkers.ManagedWorker;
import io.github.managedworkers.RestartPolicy;
import io.github.managedworkers.WorkerContext;

/**
 * A small service for the observability tests: a loop worker that takes jobs, and a worker whose body fails on
 * demand.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class ObservedApplication {

	static final Duration LONG = Duration.ofMinutes(1);

	/** Released by a test to make the fragile worker's body fail. */
	volatile CountDownLatch breakFragile = new CountDownLatch(1);

	@ManagedWorker(name = "jobs", maxConcurrency = 64)
	void jobs(WorkerContext ctx) {
		while (!ctx.isStopping()) {
			ctx.sleep(LONG);
		}
	}

	@ManagedWorker(name = "fragile", restart = RestartPolicy.NEVER)
	void fragile(WorkerContext ctx) throws InterruptedException {
		CountDownLatch trigger = this.breakFragile;
		while (!ctx.isStopping()) {
			if (trigger.getCount() == 0) {
				throw new IllegalStateException("fragile broke on purpose");
			}
			ctx.onStop(trigger::countDown);
			trigger.await(1, TimeUnit.MINUTES);
		}
	}

	/**
	 * Stands for an authentication layer: {@code X-Test-User: name:role,role} authenticates the request (the name
	 * URL-decoded, so that a test can give any character). Spring Boot builds the endpoint's security context from the
	 * request's principal and roles.
	 */
	@Bean
	OncePerRequestFilter testAuthentication() {
		return new OncePerRequestFilter() {
			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
					FilterChain chain) throws ServletException, IOException {
				String user = request.getHeader("X-Test-User");
				if (user == null) {
					chain.doFilter(request, response);
					return;
				}
				String[] parts = user.split(":", 2);
				String name = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
				Principal principal = () -> name;
				Set<String> roles = (parts.length > 1) ? Set.of(parts[1].split(",")) : Set.of();
				chain.doFilter(new HttpServletRequestWrapper(request) {
					@Override
					public Principal getUserPrincipal() {
						return principal;
					}

					@Override
					public boolean isUserInRole(String role) {
						return roles.contains(role);
					}
				}, response);
			}
		};
	}

}
