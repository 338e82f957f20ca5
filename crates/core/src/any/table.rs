//! The macro behind the protocol table of [`super`]: from one line per protocol it makes
//! [`AnyNode`](super::AnyNode) and every part the engine exchanges with it (message,
//! timer, note, configuration, persistent state, view, checker, progress), each relaying
//! every trait the engine asks of it to the protocol's own. Nothing else in the crate lists
//! the wrapped types: adding a protocol to the engine is adding its line.
//!
//! It also makes [`ProtocolName`](super::ProtocolName), whose every fact (names, legend,
//! invariants, bug switches, configuration from a scenario) is read from the protocol's
//! own [`Facts`](crate::protocol::Facts), and the dispatch to an engine compiled for one
//! protocol alone ([`OwnEngine`](super::OwnEngine)).
//!
//! A line is `Variant(NodeType, plain)` or `Variant(NodeType, boxed)`: `boxed` keeps the
//! protocol's messages and notes behind a `Box`, for a protocol whose messages are much
//! larger than the others' (every wrapped message is as large as the largest variant).

/// A protocol's message or note as the one engine holds it: itself, or boxed.
macro_rules! held {
    (plain, $t:ty) => { $t };
    (boxed, $t:ty) => { Box<$t> };
}

/// Wraps a protocol's message or note as the one engine holds it.
macro_rules! hold {
    (plain, $e:expr) => {
        $e
    };
    (boxed, $e:expr) => {
        Box::new($e)
    };
}

/// Takes a protocol's message back out of the one engine's wrapping.
macro_rules! unhold {
    (plain, $e:expr) => {
        $e
    };
    (boxed, $e:expr) => {
        *$e
    };
}

/// Makes the one engine's node and its parts from the protocol table.
macro_rules! protocols {
    ($( $(#[$doc:meta])* $variant:ident($node:ty, $held:ident), )+) => {
        /// A node of any protocol: what the one engine runs.
        #[derive(Clone)]
        pub enum AnyNode {
            $( $(#[$doc])* $variant($node), )+
        }

        $(
            impl NodeOf<$node> for AnyNode {
                fn node(&self) -> &$node {
                    match self {
                        AnyNode::$variant(node) => node,
                        #[allow(unreachable_patterns)]
                        _ => mixed(),
                    }
                }
            }

            impl Relayed for $node {
                fn relay<R>(
                    out: &mut Out<AnyNode>,
                    handle: impl FnOnce(&mut Out<Self>) -> R,
                ) -> R {
                    thread_local! {
                        // Kept between calls so that relaying allocates nothing.
                        static SCRATCH: RefCell<Out<$node>> = RefCell::new(Out::new());
                    }
                    SCRATCH.with(|inner| {
                        let mut inner = inner.borrow_mut();
                        inner.set_now(out.now());
                        let result = handle(&mut inner);
                        for effect in inner.drain() {
                            out.push(effect.map(
                                |m| AnyMessage::$variant(hold!($held, m)),
                                AnyTimer::$variant,
                                |n| AnyNote::$variant(hold!($held, n)),
                            ));
                        }
                        result
                    })
                }
            }
        )+

        impl fmt::Debug for AnyNode {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self { $( AnyNode::$variant(node) => node.fmt(f), )+ }
            }
        }

        impl Protocol for AnyNode {
            type Message = AnyMessage;
            type Timer = AnyTimer;
            type Note = AnyNote;
            type Config = AnyConfig;
            type Persistent = AnyPersistent;
            type View = AnyView;
            type Checker = AnyChecker;
            type Progress = AnyProgress;

            fn boot(id: NodeId, nodes: u32, config: &AnyConfig, persistent: AnyPersistent) -> Self {
                match (config, persistent) {
                    $(
                        (AnyConfig::$variant(c), AnyPersistent::$variant(p)) => {
                            AnyNode::$variant(<$node>::boot(id, nodes, c, p))
                        }
                        (AnyConfig::$variant(c), AnyPersistent::Fresh) => {
                            AnyNode::$variant(<$node>::boot(id, nodes, c, Default::default()))
                        }
                    )+
                    #[allow(unreachable_patterns)]
                    _ => mixed(),
                }
            }

            fn rebooted(&self) -> Self {
                match self { $( AnyNode::$variant(node) => AnyNode::$variant(node.rebooted()), )+ }
            }

            fn on_start(&mut self, out: &mut Out<Self>) {
                match self { $( AnyNode::$variant(node) => <$node as Relayed>::relay(out, |o| node.on_start(o)), )+ }
            }

            fn on_message(&mut self, from: NodeId, message: AnyMessage, out: &mut Out<Self>) {
                match (self, message) {
                    $( (AnyNode::$variant(node), AnyMessage::$variant(m)) => <$node as Relayed>::relay(out, |o| node.on_message(from, unhold!($held, m), o)), )+
                    #[allow(unreachable_patterns)]
                    _ => mixed(),
                }
            }

            fn on_timer(&mut self, timer: AnyTimer, out: &mut Out<Self>) {
                match (self, timer) {
                    $(
                        (AnyNode::$variant(node), AnyTimer::$variant(t)) => {
                            <$node as Relayed>::relay(out, |o| node.on_timer(t, o))
                        }
                    )+
                    #[allow(unreachable_patterns)]
                    _ => mixed(),
                }
            }

            fn on_client_request(&mut self, request: ClientRequest, out: &mut Out<Self>) {
                match self { $( AnyNode::$variant(node) => <$node as Relayed>::relay(out, |o| node.on_client_request(request, o)), )+ }
            }

            fn view(&self, up: bool) -> AnyView {
                match self { $( AnyNode::$variant(node) => AnyView::$variant(node.view(up)), )+ }
            }

            fn checked(&mut self) {
                match self { $( AnyNode::$variant(node) => node.checked(), )+ }
            }

            fn on_fault(&mut self, fault: NodeFault, out: &mut Out<Self>) -> Result<(), String> {
                match self { $( AnyNode::$variant(node) => <$node as Relayed>::relay(out, |o| node.on_fault(fault, o)), )+ }
            }

            fn can_commit(nodes: &[NodeSlot<Self>], connected: &dyn Fn(NodeId, NodeId) -> bool) -> bool {
                match nodes.first().map(|slot| &slot.state) {
                    $( Some(AnyNode::$variant(_)) => <$node as CouldCommit>::could_commit(nodes, connected), )+
                    None => false,
                }
            }

            fn parse_command(config: &AnyConfig, text: &str) -> Result<Command, String> {
                match config { $( AnyConfig::$variant(c) => <$node>::parse_command(c, text), )+ }
            }

            fn blocked(&self) -> usize {
                match self { $( AnyNode::$variant(node) => node.blocked(), )+ }
            }

            fn leads(&self) -> bool { match self { $( AnyNode::$variant(node) => node.leads(), )+ } }
            fn term(&self) -> Option<u64> { match self { $( AnyNode::$variant(node) => node.term(), )+ } }

            fn hold_bugs(&mut self, held: bool) {
                match self { $( AnyNode::$variant(node) => node.hold_bugs(held), )+ }
            }
        }

        /// A message of any protocol.
        #[derive(Clone)]
        pub enum AnyMessage {
            $( $(#[$doc])* $variant(held!($held, <$node as Protocol>::Message)), )+
        }

        impl MessageKind for AnyMessage {
            fn kind(&self) -> &'static str {
                match self { $( AnyMessage::$variant(m) => m.kind(), )+ }
            }

            fn contents(&self) -> String {
                match self { $( AnyMessage::$variant(m) => m.contents(), )+ }
            }

            fn keep_alive(&self) -> bool {
                match self { $( AnyMessage::$variant(m) => m.keep_alive(), )+ }
            }
        }

        impl fmt::Debug for AnyMessage {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self { $( AnyMessage::$variant(m) => m.fmt(f), )+ }
            }
        }

        /// A timer of any protocol. Timers of one cluster are all of one protocol, so they
        /// order as the protocol's own do.
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
        pub enum AnyTimer {
            $( $(#[$doc])* $variant(<$node as Protocol>::Timer), )+
        }

        impl fmt::Debug for AnyTimer {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self { $( AnyTimer::$variant(t) => fmt::Debug::fmt(t, f), )+ }
            }
        }

        impl fmt::Display for AnyTimer {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self { $( AnyTimer::$variant(t) => fmt::Display::fmt(t, f), )+ }
            }
        }

        /// A note (what a node did and why) of any protocol.
        #[derive(Clone)]
        pub enum AnyNote {
            $( $(#[$doc])* $variant(held!($held, <$node as Protocol>::Note)), )+
        }

        impl fmt::Debug for AnyNote {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self { $( AnyNote::$variant(n) => fmt::Debug::fmt(n, f), )+ }
            }
        }

        impl fmt::Display for AnyNote {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self { $( AnyNote::$variant(n) => fmt::Display::fmt(n, f), )+ }
            }
        }

        impl Explain for AnyNote {
            fn rule(&self) -> Option<&'static Rule> {
                match self { $( AnyNote::$variant(n) => n.rule(), )+ }
            }

            fn milestone(&self) -> Option<&'static str> {
                match self { $( AnyNote::$variant(n) => n.milestone(), )+ }
            }

            fn decisive(&self) -> bool {
                match self { $( AnyNote::$variant(n) => n.decisive(), )+ }
            }
        }

        /// The settings a cluster of any protocol shares; says which protocol it runs.
        #[derive(Clone, Debug)]
        pub enum AnyConfig {
            $( $(#[$doc])* $variant(<$node as Protocol>::Config), )+
        }

        /// The state that survives a crash, of any protocol.
        #[derive(Clone, Debug, Default)]
        pub enum AnyPersistent {
            /// None yet: the protocol's state of a node that never ran (what the cluster's
            /// configuration says the protocol is).
            #[default]
            Fresh,
            $( $(#[$doc])* $variant(<$node as Protocol>::Persistent), )+
        }

        /// A node of any protocol as a snapshot shows it; serialized as the protocol's own view.
        #[derive(Clone)]
        pub enum AnyView {
            $( $(#[$doc])* $variant(<$node as Protocol>::View), )+
        }

        impl fmt::Debug for AnyView {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self { $( AnyView::$variant(v) => v.fmt(f), )+ }
            }
        }

        impl Serialize for AnyView {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self { $( AnyView::$variant(v) => v.serialize(serializer), )+ }
            }
        }

        impl crate::display::Display for AnyView {
            fn display(&self) -> crate::display::NodeDisplay {
                match self { $( AnyView::$variant(v) => v.display(), )+ }
            }

            fn mark_cluster<'a>(views: impl Iterator<Item = &'a Self> + Clone, shown: &mut [crate::display::NodeDisplay]) {
                let mut first = views.clone();
                match first.next() {
                    $(
                        Some(AnyView::$variant(_)) => {
                            let views = views.filter_map(|v| match v {
                                AnyView::$variant(v) => Some(v),
                                #[allow(unreachable_patterns)]
                                _ => None,
                            });
                            crate::display::Display::mark_cluster(views, shown)
                        }
                    )+
                    None => {}
                }
            }
        }

        /// The running protocol's invariant checker.
        #[derive(Clone, Debug)]
        pub enum AnyChecker {
            $( $(#[$doc])* $variant(<$node as Protocol>::Checker), )+
        }

        impl Checker<AnyNode> for AnyChecker {
            fn new(config: &AnyConfig, nodes: u32) -> Self {
                match config {
                    $( AnyConfig::$variant(_) => AnyChecker::$variant(Checker::<AnyNode>::new(config, nodes)), )+
                }
            }

            fn check(&mut self, time: Time, nodes: &[NodeSlot<AnyNode>], touched: NodeId, found: &mut Vec<Violation>) {
                match self { $( AnyChecker::$variant(c) => Checker::<AnyNode>::check(c, time, nodes, touched, found), )+ }
            }
        }

        /// What the running protocol's cluster had achieved at one moment.
        #[derive(Clone, Debug)]
        pub enum AnyProgress {
            $( $(#[$doc])* $variant(<$node as Protocol>::Progress), )+
        }

        impl Progress<AnyNode> for AnyProgress {
            fn mark(nodes: &[NodeSlot<AnyNode>]) -> Self {
                match nodes.first().map(|slot| &slot.state) {
                    $( Some(AnyNode::$variant(_)) => AnyProgress::$variant(Progress::<AnyNode>::mark(nodes)), )+
                    None => mixed(),
                }
            }

            fn judge(start: &Self, late: &Self, window: &Window<'_, AnyNode>, found: &mut Vec<Violation>) {
                match (start, late) {
                    $( (AnyProgress::$variant(s), AnyProgress::$variant(l)) => Progress::<AnyNode>::judge(s, l, window, found), )+
                    #[allow(unreachable_patterns)]
                    _ => mixed(),
                }
            }

            const JUDGED_WITH_CRASHES: bool = $( <<$node as Protocol>::Progress as Progress<AnyNode>>::JUDGED_WITH_CRASHES )||+;

            fn judge_with_crashes(start: &Self, late: &Self, window: &Window<'_, AnyNode>, found: &mut Vec<Violation>) {
                match (start, late) {
                    $( (AnyProgress::$variant(s), AnyProgress::$variant(l)) => Progress::<AnyNode>::judge_with_crashes(s, l, window, found), )+
                    #[allow(unreachable_patterns)]
                    _ => mixed(),
                }
            }

            fn why_stuck(cluster: &Conditions<'_, AnyNode>) -> Option<String> {
                match cluster.nodes.first().map(|slot| &slot.state) {
                    $( Some(AnyNode::$variant(_)) => <<$node as Protocol>::Progress as Progress<AnyNode>>::why_stuck(cluster), )+
                    None => None,
                }
            }
        }

        /// A protocol's name: the table's variant, spelled in snake_case in scenario files
        /// and links (`two_phase_commit`), as the protocol's [`Facts::NAME`] says.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum ProtocolName {
            $( $(#[$doc])* $variant, )+
        }

        impl ProtocolName {
            /// Every protocol, in the order menus and lists show them.
            pub const ALL: &'static [ProtocolName] = &[$( ProtocolName::$variant ),+];

            /// The name as scenario files spell it.
            pub fn as_str(self) -> &'static str {
                match self { $( ProtocolName::$variant => <$node as Facts>::NAME, )+ }
            }

            /// The name readers see ("Two-phase commit").
            pub fn title(self) -> &'static str {
                match self { $( ProtocolName::$variant => <$node as Facts>::TITLE, )+ }
            }

            /// The name where room is short, side by side ("2PC").
            pub fn short_title(self) -> &'static str {
                match self { $( ProtocolName::$variant => <$node as Facts>::SHORT_TITLE, )+ }
            }

            /// The smallest cluster on which the protocol shows what it is about.
            pub fn smallest_cluster(self) -> u32 {
                match self { $( ProtocolName::$variant => <$node as Facts>::SMALLEST_CLUSTER, )+ }
            }

            /// Whether its progress is also judged with nodes down (a non-blocking promise).
            pub fn judged_with_crashes(self) -> bool {
                match self { $( ProtocolName::$variant => <<$node as Protocol>::Progress as Progress<$node>>::JUDGED_WITH_CRASHES, )+ }
            }

            /// The one line under the log panel that says how the protocol's cells are drawn.
            pub fn legend(self) -> &'static str {
                match self { $( ProtocolName::$variant => <$node as Facts>::LEGEND, )+ }
            }

            /// The colour of the protocol's line in the commit chart.
            pub fn chart_colour(self) -> ThemeColour {
                match self { $( ProtocolName::$variant => <$node as Facts>::CHART_COLOUR, )+ }
            }

            /// The safety properties the checker verifies after every event.
            pub fn invariants(self) -> &'static [&'static str] { match self { $( ProtocolName::$variant => <$node as Facts>::INVARIANTS, )+ } }
            /// The progress properties judged over quiet windows: (name, what must hold).
            pub fn progress_properties(self) -> &'static [(&'static str, &'static str)] { match self { $( ProtocolName::$variant => <$node as Facts>::PROGRESS, )+ } }
            /// Whether a participant can be told to vote No (the `vote_no` step).
            pub fn takes_vote_no(self) -> bool { match self { $( ProtocolName::$variant => <$node as Facts>::TAKES_VOTE_NO, )+ } }
            /// Whether its leader can hand its leadership over (the `transfer_leadership` step).
            pub fn takes_transfer(self) -> bool { match self { $( ProtocolName::$variant => <$node as Facts>::TAKES_TRANSFER, )+ } }
            /// Whether its nodes compact their logs (the `compact` step).
            pub fn takes_compact(self) -> bool { match self { $( ProtocolName::$variant => <$node as Facts>::TAKES_COMPACT, )+ } }
            /// Whether its leader changes the membership (`add_server`, `remove_server`, `change_members`).
            pub fn takes_membership(self) -> bool { match self { $( ProtocolName::$variant => <$node as Facts>::TAKES_MEMBERSHIP, )+ } }
            /// Its bug switches that only membership changes can show.
            pub fn membership_bugs(self) -> &'static [&'static str] { match self { $( ProtocolName::$variant => <$node as Facts>::MEMBERSHIP_BUGS, )+ } }
            /// Whether clients may read as well as write.
            pub fn reads(self) -> bool { match self { $( ProtocolName::$variant => <$node as Facts>::READS, )+ } }
            /// The options a pane of it offers.
            pub fn options(self) -> &'static [crate::protocol::PaneOption] { match self { $( ProtocolName::$variant => <$node as Facts>::OPTIONS, )+ } }

            /// The protocol's bug switches, in its own order.
            pub fn bug_switches(self) -> Vec<BugInfo> {
                let mut switches = Vec::new();
                match self {
                    $(
                        ProtocolName::$variant => {
                            for &bug in <<$node as Facts>::Bug as BugSwitch>::ALL {
                                switches.push(BugInfo::of(self, bug));
                            }
                        }
                    )+
                }
                switches
            }

            /// The protocol's configuration from a scenario's settings, for the one engine.
            pub fn config(self, settings: &Settings<'_>) -> AnyConfig {
                match self { $( ProtocolName::$variant => AnyConfig::$variant(<$node as Facts>::config(settings)), )+ }
            }

            /// A node's persistent state from a scenario's `initial` entry, or why the
            /// protocol cannot start from it: (the entry's field at fault, what is wrong).
            pub fn initial(self, node: &InitialNode) -> Result<AnyPersistent, (String, String)> {
                match self { $( ProtocolName::$variant => <$node as Facts>::initial(node).map(AnyPersistent::$variant), )+ }
            }

            /// The one node clients must send requests to, if there is one.
            pub fn client_entry(self, settings: &Settings<'_>) -> Option<NodeId> {
                match self { $( ProtocolName::$variant => <$node as Facts>::client_entry(settings), )+ }
            }

            /// Why a client request sent to `node` is refused, if it is.
            pub fn check_client_node(self, settings: &Settings<'_>, node: NodeId) -> Result<(), String> {
                match self { $( ProtocolName::$variant => <$node as Facts>::check_client_node(settings, node), )+ }
            }

            /// Why `node` may not be told to vote No, if it may not.
            pub fn check_vote_no(self, settings: &Settings<'_>, node: NodeId) -> Result<(), String> {
                match self { $( ProtocolName::$variant => <$node as Facts>::check_vote_no(settings, node), )+ }
            }

            /// Reads a client command as the protocol accepts it.
            pub fn parse_command(self, settings: &Settings<'_>, text: &str) -> Result<Command, String> {
                match self {
                    $( ProtocolName::$variant => <$node>::parse_command(&<$node as Facts>::config(settings), text), )+
                }
            }

            /// Runs `work` on an engine compiled for this protocol alone.
            pub fn on_own_engine<W: OwnEngine>(self, work: W) -> W::Output {
                match self { $( ProtocolName::$variant => work.run::<$node>(), )+ }
            }
        }
    };
}
