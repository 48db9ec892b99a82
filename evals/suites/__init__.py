"""The eval suites. Each module has `run(ctx: SuiteContext) -> SuiteResult`."""
