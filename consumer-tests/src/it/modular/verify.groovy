// The checks every consumer shares (consumer-tests/src/test/java): it resolved the versions our build resolved,
// and its program ran to the end.
io.mtflux.consumertests.ConsumerCheck.verify(basedir.toPath(), new File(buildDependencies).toPath())
