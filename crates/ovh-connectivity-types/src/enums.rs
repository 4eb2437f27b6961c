//! Every enum of the `/connectivity` schema, open to values added later.

use crate::open_enum::open_enum;

open_enum! {
    /// Status of an asynchronous task (`xdsl.AsyncTaskStatusEnum`).
    ///
    /// The schema knows `pending`, `ok` and `error`. The official guide also writes `doing`
    /// (decoded as [`Pending`](Self::Pending)), `done` and `success` (decoded as
    /// [`Ok`](Self::Ok)); serialization always writes the canonical schema spelling.
    pub enum AsyncTaskStatus {
        /// The task is still running: send the identical request again later.
        Pending = "pending" | "doing",
        /// The task finished and `result` holds its answer.
        Ok = "ok" | "done" | "success",
        /// The task failed and `error` says why.
        Error = "error",
    }
}

impl AsyncTaskStatus {
    /// Whether the task has finished (`ok` or `error`). Unknown statuses are not terminal:
    /// a client keeps polling them until its deadline.
    pub fn is_terminal(&self) -> bool {
        matches!(self, Self::Ok | Self::Error)
    }
}

open_enum! {
    /// Status of a copper line (`connectivity.eligibility.LineStatusEnum`).
    pub enum LineStatus {
        /// The line has a working internet access.
        Active = "active",
        /// The line is only an identifier (usually a former occupant's number).
        Inactive = "inactive",
    }
}

open_enum! {
    /// How an offer would be activated (`connectivity.eligibility.ActivationTypeEnum`).
    pub enum ActivationType {
        /// Activate an existing line.
        Activate = "activate",
        /// Create a line.
        Create = "create",
        /// Create a line from a neighbour line.
        CreateNeighbour = "createNeighbour",
    }
}

open_enum! {
    /// Kind of building (`connectivity.eligibility.BuildingTypeEnum`).
    pub enum BuildingType {
        /// A building with several dwellings.
        Building = "BUILDING",
        /// A single house.
        House = "HOUSE",
    }
}

open_enum! {
    /// What an eligibility endpoint reference is (`connectivity.eligibility.EndpointReferenceTypeEnum`).
    pub enum EndpointReferenceType {
        /// An address (2026 schema).
        Address = "address",
        /// A building reference (`IMB/...`).
        Building = "building",
        /// A hexacle, the French national address id (2026 schema).
        Hexacle = "hexacle",
        /// A copper line number.
        LineNumber = "lineNumber",
        /// An optical termination point.
        Otp = "otp",
    }
}

open_enum! {
    /// Technology of an offer (`connectivity.eligibility.OfferProductTypeEnum`).
    pub enum OfferProductType {
        /// Copper ADSL.
        Adsl = "ADSL",
        /// Fiber to the enterprise.
        Ftte = "FTTE",
        /// Fiber to the home.
        Ftth = "FTTH",
        /// Fiber to the office (2026 schema).
        Ftto = "FTTO",
        /// Copper SDSL.
        Sdsl = "SDSL",
        /// Copper VDSL.
        Vdsl = "VDSL",
    }
}

open_enum! {
    /// Unbundling of a copper offer (`connectivity.eligibility.OfferProductUnbundlingTypeEnum`).
    pub enum UnbundlingType {
        /// Full unbundling.
        Full = "full",
        /// Partial (shared) unbundling.
        Partial = "partial",
    }
}

open_enum! {
    /// Fiber installation type for meetings (`connectivity.eligibility.InstallationTypeEnum`).
    pub enum InstallationType {
        /// Activate an existing optical termination point.
        Activate = "activate",
        /// Activate, the termination point being undetermined.
        ActivateUndefined = "activate_undefined",
        /// Create an optical termination point.
        Create = "create",
        /// Several optical termination points.
        MultiOtp = "multiOtp",
    }
}

open_enum! {
    /// Technical visit type for meetings (`connectivity.eligibility.TechnicalVisitTypeEnum`, 2026 schema).
    pub enum TechnicalVisitType {
        /// A complex visit.
        Complex = "complex",
        /// A simple visit.
        Simple = "simple",
    }
}

open_enum! {
    /// Kind of reference of an eligibility recall (`connectivity.eligibility.ReferenceTypeEnum`, 2026 schema).
    pub enum ReferenceType {
        /// An address.
        Address = "address",
        /// A building.
        Building = "building",
    }
}

open_enum! {
    /// Portability type (`connectivity.eligibility.PortabilityTypeEnum`).
    pub enum PortabilityType {
        /// Port in.
        Portin = "portin",
        /// Port in back.
        Portinback = "portinback",
        /// Port out.
        Portout = "portout",
        /// Subsequent.
        Subsequent = "subsequent",
        /// Subsequent port in (the schema's own spelling, `subsquentportin`).
        Subsquentportin = "subsquentportin",
    }
}

open_enum! {
    /// Code of a reason or warning (`connectivity.eligibility.MessageCodeEnum`).
    ///
    /// The numeric codes are strings on the wire (`"3049"`).
    pub enum MessageCode {
        /// `2006`.
        Code2006 = "2006",
        /// `2011`.
        Code2011 = "2011",
        /// `2102`.
        Code2102 = "2102",
        /// `2103`.
        Code2103 = "2103",
        /// `2104`.
        Code2104 = "2104",
        /// `2105`.
        Code2105 = "2105",
        /// `3009`.
        Code3009 = "3009",
        /// `3011`.
        Code3011 = "3011",
        /// `3012`.
        Code3012 = "3012",
        /// `3013`.
        Code3013 = "3013",
        /// `3014`.
        Code3014 = "3014",
        /// `3031`.
        Code3031 = "3031",
        /// `3040`.
        Code3040 = "3040",
        /// `3041`.
        Code3041 = "3041",
        /// `3043`.
        Code3043 = "3043",
        /// `3044`.
        Code3044 = "3044",
        /// `3045`.
        Code3045 = "3045",
        /// `3046`.
        Code3046 = "3046",
        /// `3047`.
        Code3047 = "3047",
        /// `3048`.
        Code3048 = "3048",
        /// `3049`.
        Code3049 = "3049",
        /// Attenuation limit.
        AttenuationLimit = "ATTENUATION_LIMIT",
        /// Compatibility check.
        CompatibilityCheck = "COMPATIBILITY_CHECK",
        /// Copper not available.
        CopperNotAvailable = "COPPER_NOT_AVAILABLE",
        /// Copper not yet available (see `availabilityDate`).
        CopperNotYetAvailable = "COPPER_NOT_YET_AVAILABLE",
        /// Delay of 30 days.
        Delay30 = "DELAY_30",
        /// Delay of 7 days.
        Delay7 = "DELAY_7",
        /// An external web service could not be reached.
        ExternalWsUnreachable = "EXTERNAL_WS_UNREACHABLE",
        /// Fiber not available.
        FiberNotAvailable = "FIBER_NOT_AVAILABLE",
        /// Fiber not deployed in the building.
        FiberNotDeployedInBuilding = "FIBER_NOT_DEPLOYED_IN_BUILDING",
        /// Fiber not yet available (see `availabilityDate`).
        FiberNotYetAvailable = "FIBER_NOT_YET_AVAILABLE",
        /// Fiber not yet deployed.
        FiberNotYetDeployed = "FIBER_NOT_YET_DEPLOYED",
        /// Incompatible local loop.
        IncompatibleLocalLoop = "INCOMPATIBLE_LOCAL_LOOP",
        /// Network saturated.
        NetworkSaturated = "NETWORK_SATURATED",
        /// The optical termination point cannot be connected.
        OtpNotConnectable = "OTP_NOT_CONNECTABLE",
        /// The optical termination point is not marketable.
        OtpNotMarketable = "OTP_NOT_MARKETABLE",
        /// No pair left.
        PairsSaturation = "PAIRS_SATURATION",
        /// Product not available.
        ProductNotAvailable = "PRODUCT_NOT_AVAILABLE",
        /// Product not yet available (see `availabilityDate`).
        ProductNotYetAvailable = "PRODUCT_NOT_YET_AVAILABLE",
        /// Too much attenuation to deliver the product.
        TooMuchAttenuation = "TOO_MUCH_ATTENUATION",
        /// Uncertain data.
        UncertainData = "UNCERTAIN_DATA",
    }
}

open_enum! {
    /// Network operator (`connectivity.OperatorEnum`).
    pub enum Operator {
        /// Axione.
        Axione = "AXIONE",
        /// Bouygues.
        Bouygues = "BOUYGUES",
        /// Kosc.
        Kosc = "KOSC",
        /// Orange.
        Orange = "ORANGE",
        /// OVHcloud.
        Ovh = "OVH",
        /// SFR.
        Sfr = "SFR",
    }
}

open_enum! {
    /// Status of a generic incident (`connectivity.monitoring.GenericIncidentStatusEnum`).
    pub enum GenericIncidentStatus {
        /// Closed.
        Closed = "closed",
        /// Detected (partners only).
        Detected = "detected",
        /// Validated.
        Validated = "validated",
    }
}

open_enum! {
    /// Kind of planned work (`connectivity.maintenance.InterventionTypeEnum`).
    pub enum InterventionType {
        /// `BACKBONE_MAINTENANCE`.
        BackboneMaintenance = "BACKBONE_MAINTENANCE",
        /// `CARD_SWAP_WITH_IMPACT`.
        CardSwapWithImpact = "CARD_SWAP_WITH_IMPACT",
        /// `CLUSTER_AN_ROUTER_MIGRATION`.
        ClusterAnRouterMigration = "CLUSTER_AN_ROUTER_MIGRATION",
        /// `CORRECTIVE_MAINTENANCE`.
        CorrectiveMaintenance = "CORRECTIVE_MAINTENANCE",
        /// `DSLAM_LINK_UPGRADE_WITHOUT_CARD_SWAP`.
        DslamLinkUpgradeWithoutCardSwap = "DSLAM_LINK_UPGRADE_WITHOUT_CARD_SWAP",
        /// `DSLAM_UPGRADE_WITH_IMPACT`.
        DslamUpgradeWithImpact = "DSLAM_UPGRADE_WITH_IMPACT",
        /// `FIBER_CABLE_LINK_SWAP`.
        FiberCableLinkSwap = "FIBER_CABLE_LINK_SWAP",
        /// `FIBER_CONNECTION_WITH_IMPACT`.
        FiberConnectionWithImpact = "FIBER_CONNECTION_WITH_IMPACT",
        /// `FIBER_MAINTENANCE`.
        FiberMaintenance = "FIBER_MAINTENANCE",
        /// `FIBER_THIRD_PARTY_WORK_WITH_IMPACT`.
        FiberThirdPartyWorkWithImpact = "FIBER_THIRD_PARTY_WORK_WITH_IMPACT",
        /// `IP_BACKBONE_LINK_MIGRATION_WITH_IMPACT`.
        IpBackboneLinkMigrationWithImpact = "IP_BACKBONE_LINK_MIGRATION_WITH_IMPACT",
        /// `IP_BACKBONE_SWITCH_UPGRADE_WITH_IMPACT`.
        IpBackboneSwitchUpgradeWithImpact = "IP_BACKBONE_SWITCH_UPGRADE_WITH_IMPACT",
        /// `IP_MAINTENANCE`.
        IpMaintenance = "IP_MAINTENANCE",
        /// `LEVEL2_DSLAM_MIGRATION`.
        Level2DslamMigration = "LEVEL2_DSLAM_MIGRATION",
        /// `LINK_MIGRATION_WITH_DSL_IMPACT`.
        LinkMigrationWithDslImpact = "LINK_MIGRATION_WITH_DSL_IMPACT",
        /// `LL_THIRD_PARTY_MAINTENANCE_WITH_IMPACT`.
        LlThirdPartyMaintenanceWithImpact = "LL_THIRD_PARTY_MAINTENANCE_WITH_IMPACT",
        /// `LOOP_AN_ROUTER_MIGRATION`.
        LoopAnRouterMigration = "LOOP_AN_ROUTER_MIGRATION",
        /// `LOOP_AN_ROUTER_UPGRADE`.
        LoopAnRouterUpgrade = "LOOP_AN_ROUTER_UPGRADE",
        /// `MAINTENANCE`.
        Maintenance = "MAINTENANCE",
        /// `OPTIC_FIBER_WORK_WITH_OUTAGE_DURING_NON_WORKING_HOURS`.
        OpticFiberWorkWithOutageDuringNonWorkingHours = "OPTIC_FIBER_WORK_WITH_OUTAGE_DURING_NON_WORKING_HOURS",
        /// `PLANNED_CORRECTIVE_MAINTENANCE`.
        PlannedCorrectiveMaintenance = "PLANNED_CORRECTIVE_MAINTENANCE",
        /// `SENSITIVE_LOOP_LINK_UPGRADE`.
        SensitiveLoopLinkUpgrade = "SENSITIVE_LOOP_LINK_UPGRADE",
        /// `TRANSMISSION_CORRECTIVE_MAINTENANCE`.
        TransmissionCorrectiveMaintenance = "TRANSMISSION_CORRECTIVE_MAINTENANCE",
        /// `TRANSMISSION_CUSTOMER_TRANSFERT_MIGRATION_WITH_IMPACT`.
        TransmissionCustomerTransfertMigrationWithImpact = "TRANSMISSION_CUSTOMER_TRANSFERT_MIGRATION_WITH_IMPACT",
        /// `TRANSMISSION_FIBRE_MAINTENANCE`.
        TransmissionFibreMaintenance = "TRANSMISSION_FIBRE_MAINTENANCE",
        /// `TRANSMISSION_LINK_COMMISSIONING_PRODUCTION_DECOMMISSIONING_WORK_WITH_IMPACT`.
        TransmissionLinkCommissioningProductionDecommissioningWorkWithImpact = "TRANSMISSION_LINK_COMMISSIONING_PRODUCTION_DECOMMISSIONING_WORK_WITH_IMPACT",
        /// `TRANSMISSION_LINK_TRANSFERT_MIGRATION_WITH_IMPACT`.
        TransmissionLinkTransfertMigrationWithImpact = "TRANSMISSION_LINK_TRANSFERT_MIGRATION_WITH_IMPACT",
        /// `TRANSMISSION_MAINTENANCE`.
        TransmissionMaintenance = "TRANSMISSION_MAINTENANCE",
        /// `TRANSMISSION_MOVING_WITH_IMPACT`.
        TransmissionMovingWithImpact = "TRANSMISSION_MOVING_WITH_IMPACT",
        /// `TRANSMISSION_SWITCH_UPGRADE_WITH_IMPACT`.
        TransmissionSwitchUpgradeWithImpact = "TRANSMISSION_SWITCH_UPGRADE_WITH_IMPACT",
        /// `WITH_IMPACT`.
        WithImpact = "WITH_IMPACT",
    }
}
