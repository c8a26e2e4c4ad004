namespace HaTools.Core.Config;

/// <summary>A UDP_CHECK: send a payload, optionally require a reply.</summary>
public sealed record UdpCheckConfig : CheckerConfig
{
    public override string Kind => "UDP_CHECK";

    /// <summary>payload as hex digits.</summary>
    public string? Payload { get; set; }

    public bool RequireReply { get; set; }

    /// <summary>Expected reply (hex) when require_reply gives one.</summary>
    public string? ExpectedReply { get; set; }
}
