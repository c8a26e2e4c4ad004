// VRRP timing is measured on the wire; parallel labs on two shared cores would make timings lie.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
