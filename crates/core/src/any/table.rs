//! The macro behind the protocol table of [`super`]: from one line per protocol it makes
//! [`AnyNode`](super::AnyNode) and every part the engine exchanges with it (message,
//! timer, note, configuration, persistent state, view, checker, progress), each relaying
//! every trait the engine asks of it to the protocol's own. Nothing else in the crate lists
//! the wrapped types: adding a protocol to the engine is adding its line.
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
                match self {
                    $( AnyNode::$variant(node) => AnyNode::$variant(node.rebooted()), )+
                }
            }

            fn on_start(&mut self, out: &mut Out<Self>) {
                match self { $( AnyNode::$variant(node) => <$node as Relayed>::relay(out, |o| node.on_start(o)), )+ }
            }

            fn on_message(&mut self, from: NodeId, message: AnyMessage, out: &mut Out<Self>) {
                match (self, message) {
                    $(
                        (AnyNode::$variant(node), AnyMessage::$variant(m)) => {
                            <$node as Relayed>::relay(out, |o| node.on_message(from, unhold!($held, m), o))
                        }
                    )+
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
                match self {
                    $( AnyNode::$variant(node) => AnyView::$variant(node.view(up)), )+
                }
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
                match config {
                    $( AnyConfig::$variant(c) => <$node>::parse_command(c, text), )+
                }
            }

            fn blocked(&self) -> usize {
                match self { $( AnyNode::$variant(node) => node.blocked(), )+ }
            }

            fn leads(&self) -> bool {
                match self { $( AnyNode::$variant(node) => node.leads(), )+ }
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
                    $(
                        (AnyProgress::$variant(s), AnyProgress::$variant(l)) => {
                            Progress::<AnyNode>::judge(s, l, window, found)
                        }
                    )+
                    #[allow(unreachable_patterns)]
                    _ => mixed(),
                }
            }

            fn why_stuck(cluster: &Conditions<'_, AnyNode>) -> Option<String> {
                match cluster.nodes.first().map(|slot| &slot.state) {
                    $(
                        Some(AnyNode::$variant(_)) => {
                            <<$node as Protocol>::Progress as Progress<AnyNode>>::why_stuck(cluster)
                        }
                    )+
                    None => None,
                }
            }
        }
    };
}
