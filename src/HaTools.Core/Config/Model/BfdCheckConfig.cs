namespace HaTools.Core.Config;

/// <summary>A BFD_CHECK: state follows a bfd_instance session.</summary>
public sealed record BfdCheckConfig : CheckerConfig
{
    public override string Kind => "BFD_CHECK";

    public string? Name { get; set; }
}
