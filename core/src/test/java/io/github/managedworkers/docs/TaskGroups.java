package io.github.managedworkers.docs;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;

import io.github.managedworkers.TaskGroup;
import io.github.managedworkers.WorkerContext;

/**
 * The task group example of docs/core.md, compiled; DocumentationSnippetsTests (autoconfigure) keeps the two the
 * same.
 */
class TaskGroups {

	record Price(String sku, BigDecimal amount) {
	}

	// tag::prices[]
	List<Price> prices(WorkerContext ctx, List<String> skus) throws InterruptedException {
		try (TaskGroup<Price> group = ctx.group(4)) {
			for (String sku : skus) {
				group.submit(c -> fetch(c, sku));
			}
			return group.join();   // the results in submit order, or a TaskGroupException
		}                          // nothing of the group runs past this line
	}
	// end::prices[]

	Price fetch(WorkerContext ctx, String sku) throws IOException {
		return new Price(sku, BigDecimal.ONE);
	}

}
