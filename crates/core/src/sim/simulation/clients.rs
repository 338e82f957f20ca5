//! The simulated clients' side of the run: sending requests, following redirects,
//! waiting, retrying after a timeout, and recording answers.

use std::collections::VecDeque;

use super::*;

impl<P: Protocol> Simulation<P> {
    /// A client sends `command` to node `id`; returns the request's id.
    pub fn client_request(&mut self, id: NodeId, command: Command) -> Result<RequestId, SimError> {
        self.check_node(id)?;
        self.moments += 1;
        let request = self.clients.invoke(command, id, self.time);
        let mut work = VecDeque::new();
        self.client_send(request, id, &mut work);
        self.run_inputs(work);
        Ok(request)
    }

    /// Sends request `request` to node `node` and arms the client's timeout.
    pub(super) fn client_send(&mut self, request: RequestId, node: NodeId, work: &mut VecDeque<Input<P>>) {
        let timeout = self.settings.client.timeout_ms;
        let op = self.clients.get_mut(request).expect("client ops are never removed");
        op.attempts += 1;
        op.target = node;
        op.generation += 1;
        let (generation, command) = (op.generation, op.command.clone());
        let wake = Wake::TimedOut;
        self.queue.push(
            self.time + timeout,
            Due::ClientWake {
                request,
                generation,
                wake,
            },
        );
        self.record(TraceEvent::ClientSent { request, node, command });
        work.push_back(Input::Client { node, request });
    }

    /// The client waits, then re-sends to `leader` or else to the node after `node`.
    pub(super) fn client_wait(&mut self, request: RequestId, leader: Option<NodeId>, node: NodeId) {
        let nodes = self.settings.nodes;
        let op = self.clients.get_mut(request).expect("client ops are never removed");
        // A redirect that led to no leader resumes the round where it stood, not after
        // the node the redirect pointed to.
        let next = if op.hops > 0 { op.rotation } else { node } % nodes + 1;
        op.hops = 0;
        op.target = leader.unwrap_or(next);
        if leader.is_none() {
            op.rotation = next;
        }
        op.generation += 1;
        let generation = op.generation;
        let wake = Wake::Retry;
        self.queue.push(
            self.time + self.settings.client.retry_ms,
            Due::ClientWake {
                request,
                generation,
                wake,
            },
        );
    }

    /// A client's wait or timeout ended.
    pub(super) fn client_wake(&mut self, request: RequestId, wake: Wake) {
        let nodes = self.settings.nodes;
        let op = self.clients.get(request).expect("client ops are never removed");
        let target = match wake {
            Wake::TimedOut => op.target % nodes + 1,
            Wake::Retry => op.target,
        };
        let mut work = VecDeque::new();
        self.client_send(request, target, &mut work);
        self.run_inputs(work);
    }

    pub(super) fn client_reply(
        &mut self,
        node: NodeId,
        request: RequestId,
        reply: ClientReply,
        work: &mut VecDeque<Input<P>>,
    ) {
        let nodes = self.settings.nodes;
        if !self.clients.get(request).is_some_and(crate::sim::ClientOp::is_open) {
            return;
        }
        let now = self.time;
        match &reply {
            ClientReply::Done(output) => self.clients.answer(
                request,
                Answer {
                    at_ms: now,
                    output: Some(output.clone()),
                },
            ),
            ClientReply::Aborted => self.clients.answer(
                request,
                Answer {
                    at_ms: now,
                    output: None,
                },
            ),
            ClientReply::NotLeader { .. } => {}
        }
        self.record(TraceEvent::ClientAnswered {
            request,
            node,
            reply: reply.clone(),
        });
        if let ClientReply::NotLeader { leader } = reply {
            let op = self.clients.get_mut(request).expect("checked above");
            match leader {
                Some(leader) if leader != node && op.hops < nodes => {
                    op.hops += 1;
                    self.client_send(request, leader, work);
                }
                _ => self.client_wait(request, leader, node),
            }
        }
    }
}
