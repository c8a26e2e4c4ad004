// The IPVS table is one per kernel (per network namespace) and every test in this assembly
// shares the VM's: tests run one at a time so none sees another's services.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
